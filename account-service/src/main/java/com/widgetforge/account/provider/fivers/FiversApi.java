package com.widgetforge.account.provider.fivers;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The read-only API The5ers agreed to (Bearer API key). Bodies are read as text so that malformed
 * JSON is reported as such, not as an opaque client error.
 */
@RegisterRestClient(configKey = "fivers")
@Path("/api/account/{id}")
@Produces(MediaType.APPLICATION_JSON)
public interface FiversApi {

  @GET
  @Path("/info")
  String info(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);

  @GET
  @Path("/positions")
  String positions(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);

  @GET
  @Path("/summary")
  String summary(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);
}
