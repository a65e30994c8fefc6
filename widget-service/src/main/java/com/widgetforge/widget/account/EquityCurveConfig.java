package com.widgetforge.widget.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Equity-curve widgets' history source, under {@code widget.equity-curve.}. */
@ConfigMapping(prefix = "widget.equity-curve")
public interface EquityCurveConfig {

  /** account-service's base URL (its {@code /api/accounts/{id}/history}). */
  @WithDefault("http://127.0.0.1:8083")
  String accountServiceUrl();

  /**
   * An {@code accounts:read} API key (env {@code WIDGET_EQUITY_CURVE_API_KEY}) widget-service reads
   * history with: the service key auth-service provisions from the same secret ({@code
   * auth.service-keys."widget-service"}). Without one, equity-curve widgets say "history
   * unavailable" and draw only the live points.
   */
  Optional<String> apiKey();

  /** How long one range of one account's history is reused for every viewer. */
  @WithDefault("30s")
  Duration cacheFor();

  /** How long a history request to account-service may take. */
  @WithDefault("5s")
  Duration timeout();
}
