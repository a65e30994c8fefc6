package com.widgetforge.price.api;

import jakarta.ws.rs.core.Response;

/** A request that cannot be served, with a message fit for the caller. */
public class ApiProblem extends RuntimeException {

  private final Response.Status status;

  public ApiProblem(Response.Status status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(Response.Status.BAD_REQUEST, detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(Response.Status.NOT_FOUND, detail);
  }

  public Response.Status status() {
    return status;
  }
}
