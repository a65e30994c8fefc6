package com.widgetforge.price.terminal;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.tick.LatestPrices;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;

/**
 * Which terminal quotes a symbol that several terminals quote, so that their prices never
 * interleave in one series: the one with the lowest {@code priority} (then the lowest id) among
 * those that answer. A terminal counts as answering while its last state on {@code price.terminals}
 * is connected and it has ticked within {@code price.stale-after}; when the primary stops
 * answering, the next takes over, and hands back when it answers again.
 */
@ApplicationScoped
public class SymbolOwnership {

  private static final Comparator<Candidate> ORDER =
      Comparator.comparingInt(Candidate::priority).thenComparing(Candidate::terminalId);

  private record Candidate(String terminalId, int priority) {}

  private final LatestPrices latest;
  private final PriceConfig config;

  public SymbolOwnership(LatestPrices latest, PriceConfig config) {
    this.latest = latest;
    this.config = config;
  }

  /** Whether {@code terminalId}, which is polled here and answers, is to publish {@code symbol}. */
  public boolean mayPublish(String terminalId, String symbol) {
    Candidate self = new Candidate(terminalId, priorityOf(terminalId, null));
    long fresh = System.currentTimeMillis() - config.staleAfter().toMillis();
    for (LatestPrices.TerminalState other : latest.terminals()) {
      if (other.terminalId().equals(terminalId)
          || !"connected".equals(other.state())
          || !other.symbols().contains(symbol)
          || latest.lastTickOf(other.terminalId()).orElse(0L) < fresh) {
        continue;
      }
      Candidate rival =
          new Candidate(other.terminalId(), priorityOf(other.terminalId(), other.priority()));
      if (ORDER.compare(rival, self) < 0) {
        return false;
      }
    }
    return true;
  }

  private int priorityOf(String terminalId, Integer reported) {
    PriceConfig.Terminal configured = config.terminals().get(terminalId);
    if (configured != null) {
      return configured.priority();
    }
    return reported != null ? reported : 100;
  }
}
