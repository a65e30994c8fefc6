package com.widgetforge.kit.problem;

import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;

/** A request that cannot be served, with a message fit for the caller. */
public class ApiProblem extends RuntimeException {

  private final Response.Status status;
  private final Duration retryAfter;

  public ApiProblem(Response.Status status, String detail) {
    this(status, detail, null);
  }

  private ApiProblem(Response.Status status, String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The request's JSON body, or a 400 when there is none. */
  public static <T> T requireBody(T body) {
    if (body == null) {
      throw badRequest("a JSON request body is required");
    }
    return body;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(Response.Status.BAD_REQUEST, detail);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(Response.Status.UNAUTHORIZED, detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(Response.Status.FORBIDDEN, detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(Response.Status.NOT_FOUND, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(Response.Status.CONFLICT, detail);
  }

  /** 429 with a {@code Retry-After} of at least one second. */
  public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
    return new ApiProblem(Response.Status.TOO_MANY_REQUESTS, detail, retryAfter);
  }

  public Response.Status status() {
    return status;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
