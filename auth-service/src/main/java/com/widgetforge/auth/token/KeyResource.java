package com.widgetforge.auth.token;

import com.widgetforge.kit.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** The public keys every service verifies tokens with, and their rotation. */
@Path("/auth")
public class KeyResource {

  /** A key just published. */
  public record Rotated(String kid, Instant activeFrom) {}

  private final SigningKeys keys;

  KeyResource(SigningKeys keys) {
    this.keys = keys;
  }

  @GET
  @Path("/jwks")
  @PermitAll
  @Produces("application/jwk-set+json")
  public Response jwks() {
    return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=60").build();
  }

  /** Publishes a new signing key now; it signs from {@code activeFrom}. */
  @POST
  @Path("/keys/rotate")
  @RolesAllowed(Roles.ADMIN)
  @Produces("application/json")
  public Rotated rotate() {
    SigningKey key = keys.rotate();
    return new Rotated(key.kid, key.activeFrom);
  }
}
