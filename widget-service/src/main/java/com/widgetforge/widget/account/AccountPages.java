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
  }

  private final AccountStreamHub hub;
  private final AccountWidgetConfig config;

  AccountPages(AccountStreamHub hub, AccountWidgetConfig config) {
    this.hub = hub;
    this.config = config;
  }

  /** The page of account widget {@code token} with {@code options} (its saved options). */
  public TemplateInstance render(String token, MultivaluedMap<String, String> options) {
    AccountWidget widget = AccountWidget.parse(options);
    AccountCard card = hub.card(widget.accountId(), widget.fields(), widget.look().locale());
    return WidgetPages.inLanguageOf(
        widget.look(), Templates.account(widget, card, token, config.staleAfter().toMillis()));
  }
}
