package com.widgetforge.widget.saved;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.widget.account.AccountPages;
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
 * /widgets/account/{token}} for account widgets. Only the sites on the widget's allow-list may
 * frame them ({@code Content-Security-Policy: frame-ancestors}).
 */
@Path("/widgets")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SavedWidgetPages {

  private final SavedWidgets widgets;
  private final WidgetPages pages;
  private final AccountPages accountPages;

  SavedWidgetPages(SavedWidgets widgets, WidgetPages pages, AccountPages accountPages) {
    this.widgets = widgets;
    this.pages = pages;
    this.accountPages = accountPages;
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
    if (!SavedWidgets.ACCOUNT.equals(widget.kind)) {
      throw ApiProblem.notFound("no account widget " + widget.id);
    }
    return render(widget);
  }

  private SavedWidget load(String id) {
    return widgets
        .find(SavedWidgetResource.uuid(id))
        .orElseThrow(() -> ApiProblem.notFound("no such widget"));
  }

  private Response render(SavedWidget widget) {
    TemplateInstance page =
        SavedWidgets.ACCOUNT.equals(widget.kind)
            ? accountPages.render(widget.id.toString(), SavedWidgets.query(widget.options))
            : pages.render(widget.kind, SavedWidgets.query(widget.options));
    return WidgetPages.page(
        page, WidgetPages.policy(AllowedSites.frameAncestors(widget.allowedSites)));
  }
}
