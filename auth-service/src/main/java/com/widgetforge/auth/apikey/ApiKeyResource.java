package com.widgetforge.auth.apikey;

import com.widgetforge.auth.token.TokenIssuer.SignedToken;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code /auth/api-keys} (admins) and {@code /auth/token} (a key exchanged for a token). */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

  /** A new key's request. */
  public record NewKey(String name, String scope, Instant expiresAt) {}

  /**
   * A key as listed: never its secret. {@code provisioned}: it comes from auth-service's
   * configuration ({@code auth.service-keys}), not from an admin.
   */
  public record KeyView(
      String id,
      String name,
      String scope,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt,
      boolean provisioned) {
    static KeyView of(ApiKey key) {
      return new KeyView(
          key.id.toString(),
          key.name,
          key.scope,
          key.createdAt,
          key.expiresAt,
          key.revokedAt,
          key.lastUsedAt,
          key.isProvisioned());
    }
  }

  /** A key just created, with the secret shown this once. */
  public record CreatedKey(KeyView key, String secret) {}

  /** OAuth-style token answer. */
  public record AccessToken(String accessToken, String tokenType, long expiresIn) {}

  private final ApiKeys keys;
  private final JsonWebToken caller;

  ApiKeyResource(ApiKeys keys, JsonWebToken caller) {
    this.keys = keys;
    this.caller = caller;
  }

  @POST
  @Path("/api-keys")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(NewKey body) {
    NewKey request = ApiProblem.requireBody(body);
    ApiKeys.Created created =
        keys.create(
            request.name(),
            request.scope(),
            request.expiresAt(),
            UUID.fromString(caller.getSubject()));
    // Location names the new key: the audit trail records it as the change's target.
    return Response.created(URI.create("/auth/api-keys/" + created.key().id))
        .header("Cache-Control", "no-store")
        .entity(new CreatedKey(KeyView.of(created.key()), created.secret()))
        .build();
  }

  @GET
  @Path("/api-keys")
  @RolesAllowed(Roles.ADMIN)
  public List<KeyView> list() {
    return keys.list().stream().map(KeyView::of).toList();
  }

  @DELETE
  @Path("/api-keys/{id}")
  @RolesAllowed(Roles.ADMIN)
  public Response revoke(@PathParam("id") String id) {
    try {
      keys.revoke(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such API key");
    }
    return Response.noContent().build();
  }

  /** Exchanges the {@code X-API-Key} header for a short-lived bearer token. */
  @POST
  @Path("/token")
  @PermitAll
  public Response token(@HeaderParam("X-API-Key") String apiKey) {
    SignedToken token = keys.exchange(apiKey);
    long expiresIn =
        Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
    return Response.ok(new AccessToken(token.token(), "Bearer", expiresIn))
        .header("Cache-Control", "no-store")
        .build();
  }
}
