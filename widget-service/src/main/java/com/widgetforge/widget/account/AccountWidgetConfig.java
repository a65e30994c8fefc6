package com.widgetforge.widget.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Account widgets, under {@code widget.account.}. */
@ConfigMapping(prefix = "widget.account")
public interface AccountWidgetConfig {

  /** A snapshot older than this is shown as delayed, even if its provider call succeeded. */
  @WithDefault("3m")
  Duration staleAfter();

  /** Most widgets or accounts one {@code /ws/account-stream} connection may follow. */
  @WithDefault("20")
  int maxPerConnection();
}
