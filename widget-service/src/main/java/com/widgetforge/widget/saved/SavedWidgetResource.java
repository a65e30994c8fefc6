package com.widgetforge.widget.saved;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import com.widgetforge.widget.account.AccountBoard;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/widgets}: a trader's saved widgets (an admin's: every widget with {@code ?all=true}).
 * Someone else's widget answers 404.
 */
@Path("/api/widgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRADER, Roles.ADMIN})
public class SavedWidgetResource {

  private final SavedWidgets widgets;
  private final JsonWebToken token;
  private final AccountBoard people;

  SavedWidgetResource(SavedWidgets widgets, JsonWebToken token, AccountBoard people) {
    this.widgets = widgets;
    this.token = token;
    this.people = people;
  }

  private WidgetView view(SavedWidget widget) {
    return WidgetView.of(widget, people.displayName(widget.ownerId.toString()));
  }

  @GET
  public List<WidgetView> list(@QueryParam("all") boolean all) {
    return widgets.list(Caller.of(token), all).stream().map(this::view).toList();
  }

  @POST
  public Response create(WidgetRequest request) {
    WidgetView view = view(widgets.create(Caller.of(token), request));
    return Response.created(URI.create("/api/widgets/" + view.id())).entity(view).build();
  }

  @GET
  @Path("/{id}")
  public WidgetView get(@PathParam("id") String id) {
    return view(widgets.owned(Caller.of(token), uuid(id)));
  }

  @PUT
  @Path("/{id}")
  public WidgetView update(@PathParam("id") String id, WidgetRequest request) {
    return view(widgets.update(Caller.of(token), uuid(id), request));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    widgets.delete(Caller.of(token), uuid(id));
    return Response.noContent().build();
  }

  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such widget");
    }
  }
}
