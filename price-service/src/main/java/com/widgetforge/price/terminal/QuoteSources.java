package com.widgetforge.price.terminal;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.terminal.simulated.SimulatedQuoteSource;
import com.widgetforge.price.terminal.simulated.SymbolCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.ThreadLocalRandom;

/** Chooses this instance's quote source from configuration (the simulator, for now). */
@ApplicationScoped
public class QuoteSources {

  @Produces
  @ApplicationScoped
  QuoteSource quoteSource(PriceConfig config) {
    long seed = config.simulator().seed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
    return new SimulatedQuoteSource(
        config.terminalId(),
        config.simulator().symbols().map(SymbolCatalog::select).orElseGet(SymbolCatalog::all),
        seed);
  }
}
