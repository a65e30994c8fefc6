package com.widgetforge.price.terminal.jna;

import com.widgetforge.price.terminal.QuoteSource;
import com.widgetforge.price.terminal.QuoteSourceContractTest;

/** The JNA adapter against the compiled C simulator: the same behaviour as the simulated one. */
class JnaQuoteSourceContractTest extends QuoteSourceContractTest {

  @Override
  protected QuoteSource create() {
    Mt5Simulator.mode(Mt5Simulator.NORMAL);
    return new JnaQuoteSource(Mt5Simulator.settings("investor-test"));
  }
}
