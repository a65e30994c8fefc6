package com.widgetforge.kit.problem;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as problem JSON ({@code status}, {@code title}, {@code detail}); no stack traces. */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

  public static Response problem(Response.StatusType status, String detail) {
    return builder(status, detail).build();
  }

  private static Response.ResponseBuilder builder(Response.StatusType status, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.getStatusCode());
    body.put("title", status.getReasonPhrase());
    body.put("detail", detail);
    return Response.status(status).type("application/problem+json").entity(body);
  }

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem problem) {
    Response.ResponseBuilder response = builder(problem.status(), problem.getMessage());
    problem
        .retryAfter()
        .ifPresent(wait -> response.header("Retry-After", Math.max(1, wait.toSeconds())));
    return response.build();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException exception) {
    Response.StatusType status = exception.getResponse().getStatusInfo();
    return problem(status, status.getReasonPhrase());
  }

  /**
   * A body that is not the JSON expected (syntax, types, a control character): a 400 that says
   * where, never what it read.
   */
  @ServerExceptionMapper
  public Response unreadableJson(com.fasterxml.jackson.core.JsonProcessingException exception) {
    return badJson(exception);
  }

  @ServerExceptionMapper
  public Response mismatchedJson(
      com.fasterxml.jackson.databind.exc.MismatchedInputException exception) {
    return badJson(exception);
  }

  @ServerExceptionMapper
  public Response malformedJson(com.fasterxml.jackson.core.JsonParseException exception) {
    return badJson(exception);
  }

  /** A field the request type does not have, named when its name is a plain identifier. */
  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException exception) {
    String name = exception.getPropertyName();
    return problem(
        Response.Status.BAD_REQUEST,
        name != null && FIELD_NAME.matcher(name).matches()
            ? "unknown field " + name
            : "the JSON body has an unknown field");
  }

  private static Response badJson(com.fasterxml.jackson.core.JsonProcessingException exception) {
    com.fasterxml.jackson.core.JsonLocation at = exception.getLocation();
    String what =
        com.widgetforge.kit.input.JsonInput.CONTROL_CHARACTER.equals(exception.getOriginalMessage())
            ? com.widgetforge.kit.input.JsonInput.CONTROL_CHARACTER
            : "the JSON body cannot be read";
    return problem(
        Response.Status.BAD_REQUEST,
        what
            + (at == null
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException exception) {
    LOG.error("request failed", exception);
    return problem(Response.Status.INTERNAL_SERVER_ERROR, "the request could not be served");
  }
}
