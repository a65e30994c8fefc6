package com.widgetforge.kit.audit;

import com.widgetforge.kit.audit.AuditRecord.Outcome;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.security.Principal;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every service's share of the audit trail: each refused request (401, 403) and each state change a
 * signed-in caller made (POST, PUT, PATCH or DELETE answered 2xx: users, roles, keys, accounts,
 * re-encryption, imports, widgets), with who, from where, and what. The target is the path, or for
 * a 201 the created resource's ({@code Location}); never the query, which may carry a token.
 */
public class AuditTrail {

  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AuditLog audit;

  AuditTrail(AuditLog audit) {
    this.audit = audit;
  }

  @ServerResponseFilter
  public void record(
      ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
    int status = response.getStatus();
    String method = request.getMethod();
    SecurityContext security = request.getSecurityContext();
    Principal caller = security == null ? null : security.getUserPrincipal();
    AuditRecord.Builder event;
    if (status == 401 || status == 403) {
      event = AuditRecord.event("request.refused", Outcome.REFUSED);
    } else if (status >= 200 && status < 300 && CHANGES.contains(method) && caller != null) {
      event =
          AuditRecord.event(security.isUserInRole("admin") ? "admin.change" : "change", Outcome.OK);
    } else {
      return;
    }
    String path = request.getUriInfo().getPath();
    URI created = status == 201 ? response.getLocation() : null;
    audit.record(
        event
            .actor(caller == null ? null : caller.getName())
            .target(created != null && created.getPath() != null ? created.getPath() : path)
            .client(http.remoteAddress() == null ? null : http.remoteAddress().hostAddress())
            .detail(method + " " + path + " " + status));
  }
}
