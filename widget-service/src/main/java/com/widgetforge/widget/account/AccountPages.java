package com.widgetforge.widget.account;

import com.widgetforge.widget.embed.WidgetPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

/** Renders an account widget: the card as it is now; the page's script keeps it live. */
@ApplicationScoped
public class AccountPages {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance account(
        AccountWidget widget, AccountCard card, String token, long staleAfterMsc);

    static native TemplateInstance equityCurve(
        EquityCurve widget,
        AccountCard card,
        CurvePoint point,
        boolean removed,
        String token,
        long staleAfterMsc,
        String uplot);
  }

  private final AccountStreamHub hub;
  private final AccountBoard board;
  private final AccountWidgetConfig config;

  AccountPages(AccountStreamHub hub, AccountBoard board, AccountWidgetConfig config) {
    this.hub = hub;
    this.board = board;
    this.config = config;
  }

  /** The page of account widget {@code token} with {@code options} (its saved options). */
  public TemplateInstance render(String token, MultivaluedMap<String, String> options) {
    AccountWidget widget = AccountWidget.parse(options);
    AccountCard card = hub.card(widget.accountId(), widget.fields(), widget.look().locale());
    return WidgetPages.inLanguageOf(
        widget.look(), Templates.account(widget, card, token, config.staleAfter().toMillis()));
  }

  /**
   * The page of equity-curve widget {@code token}: its public card and latest point as they are
   * now; the page's script draws the history and appends each new snapshot's point.
   */
  public TemplateInstance renderEquityCurve(String token, MultivaluedMap<String, String> options) {
    EquityCurve widget = EquityCurve.parse(options);
    AccountCard card = hub.card(widget.accountId(), EquityCurve.FIELDS, widget.look().locale());
    CurvePoint point = board.latest(widget.accountId()).map(CurvePoint::of).orElse(null);
    return WidgetPages.inLanguageOf(
        widget.look(),
        Templates.equityCurve(
            widget,
            card,
            point,
            board.wasRemoved(widget.accountId()),
            token,
            config.staleAfter().toMillis(),
            WidgetPages.UPLOT));
  }
}
