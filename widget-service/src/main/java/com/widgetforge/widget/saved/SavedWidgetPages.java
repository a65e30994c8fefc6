package com.widgetforge.widget.saved;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.widget.account.AccountBoard;
import com.widgetforge.widget.account.AccountPages;
import com.widgetforge.widget.account.EquityCurve;
import com.widgetforge.widget.account.EquityHistory;
import com.widgetforge.widget.embed.WidgetPages;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Saved widgets' public pages: {@code /widgets/w/{id}} for any kind and {@code
 * /widgets/account/{token}} for account and equity-curve widgets, with {@code
 * /widgets/account/{token}/history} for an equity curve's history. Only the sites on the widget's
 * allow-list may frame them ({@code Content-Security-Policy: frame-ancestors}).
 */
@Path("/widgets")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SavedWidgetPages {

  private final SavedWidgets widgets;
  private final WidgetPages pages;
  private final AccountPages accountPages;
  private final AccountBoard accounts;
  private final EquityHistory history;

  SavedWidgetPages(
      SavedWidgets widgets,
      WidgetPages pages,
      AccountPages accountPages,
      AccountBoard accounts,
      EquityHistory history) {
    this.widgets = widgets;
    this.pages = pages;
    this.accountPages = accountPages;
    this.accounts = accounts;
    this.history = history;
  }

  @GET
  @Path("/w/{id}")
  public Response saved(@PathParam("id") String id) {
    return render(load(id));
  }

  @GET
  @Path("/account/{token}")
  public Response account(@PathParam("token") String token) {
    SavedWidget widget = load(token);
    if (!SavedWidgets.ofAccount(widget.kind)) {
      throw ApiProblem.notFound("no account widget " + widget.id);
    }
    return render(widget);
  }

  /**
   * An equity-curve widget's history over its range: times, balances and equities, nothing else of
   * the account; 404 for other widgets and deleted accounts, 503 while account-service cannot
   * answer.
   */
  @GET
  @Path("/account/{token}/history")
  @Produces(MediaType.APPLICATION_JSON)
  public Response history(@PathParam("token") String token) {
    SavedWidget widget = load(token);
    if (!SavedWidgets.EQUITY_CURVE.equals(widget.kind)) {
      throw ApiProblem.notFound("no equity-curve widget " + widget.id);
    }
    EquityCurve curve = EquityCurve.parse(SavedWidgets.query(widget.options));
    if (accounts.wasRemoved(curve.accountId())) {
      throw ApiProblem.notFound("this account was removed");
    }
    return Response.ok(history.curve(curve.accountId(), curve.range()))
        .header("Cache-Control", "no-store")
        .build();
  }

  private SavedWidget load(String id) {
    return widgets
        .find(SavedWidgetResource.uuid(id))
        .orElseThrow(() -> ApiProblem.notFound("no such widget"));
  }

  private Response render(SavedWidget widget) {
    TemplateInstance page =
        switch (widget.kind) {
          case SavedWidgets.ACCOUNT ->
              accountPages.render(widget.id.toString(), SavedWidgets.query(widget.options));
          case SavedWidgets.EQUITY_CURVE ->
              accountPages.renderEquityCurve(
                  widget.id.toString(), SavedWidgets.query(widget.options));
          default -> pages.render(widget.kind, SavedWidgets.query(widget.options));
        };
    return WidgetPages.page(
        page, WidgetPages.policy(AllowedSites.frameAncestors(widget.allowedSites)));
  }
}
