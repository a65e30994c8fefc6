package com.widgetforge.price.terminal;

import java.util.List;

/** The port to one MT5 terminal (simulated, or a native bridge): where prices come from. */
public interface QuoteSource {

  /** The configured id of the terminal this source reads. */
  String terminalId();

  /** The symbols this source quotes. */
  List<String> symbols();

  /** The ticks that changed since the previous poll, stamped no earlier than {@code nowMsc}. */
  List<Tick> poll(long nowMsc);
}
