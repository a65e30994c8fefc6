package com.widgetforge.price.terminal.simulated;

import com.widgetforge.price.terminal.QuoteSource;
import com.widgetforge.price.terminal.QuoteSourceContractTest;
import java.util.List;

class SimulatedQuoteSourceContractTest extends QuoteSourceContractTest {

  @Override
  protected QuoteSource create() {
    return new SimulatedQuoteSource("sim", SymbolCatalog.select(List.of("EURUSD", "XAUUSD")), 3);
  }
}
