package com.widgetforge.kit.audit;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every service's share of the audit trail: each refused request (401, 403) and each state change a
 * signed-in caller made (POST, PUT, PATCH or DELETE answered 2xx: users, roles, keys, accounts,
 * re-encryption, imports, widgets), with who, from where, and what. Paths only: a query may carry a
 * token.
 */
public class AuditTrail {

  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

  @ServerResponseFilter
  public void record(
      ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
    int status = response.getStatus();
    String method = request.getMethod();
    SecurityContext security = request.getSecurityContext();
    Principal caller = security == null ? null : security.getUserPrincipal();
    String event;
    if (status == 401 || status == 403) {
      event = "request.refused";
    } else if (status >= 200 && status < 300 && CHANGES.contains(method) && caller != null) {
      event = security.isUserInRole("admin") ? "admin.change" : "change";
    } else {
      return;
    }
    AuditLog.record(
        event,
        "status",
        status,
        "method",
        method,
        "path",
        request.getUriInfo().getPath(),
        "actor",
        caller == null ? null : caller.getName(),
        "client",
        http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
  }
}
