package com.widgetforge.auth.audit;

import com.widgetforge.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /auth/audit}: every service's audit records, newest first, for admins. */
@Path("/auth/audit")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  /** A page of records, and the cursor of the next one (null on the last page). */
  public record AuditPage(List<AuditView> records, String next) {}

  private final AuditReader reader;

  AuditResource(AuditReader reader) {
    this.reader = reader;
  }

  @GET
  public AuditPage list(
      @QueryParam("event") String event,
      @QueryParam("actor") String actor,
      @QueryParam("target") String target,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return reader.page(AuditQuery.parse(event, actor, target, since, until, limit, cursor));
  }
}
