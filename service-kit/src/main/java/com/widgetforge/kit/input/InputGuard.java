package com.widgetforge.kit.input;

import com.widgetforge.kit.problem.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any resource sees it, a request whose path or query holds a control character
 * (NUL above all), a malformed percent-escape or bytes that are not UTF-8: a 400 problem, never a
 * 500 from a database that will not store it. JSON bodies get the same treatment from {@link
 * JsonInput}.
 */
public class InputGuard {

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> check(HttpServerRequest request) {
    return ControlCharacters.problemWithTarget(request.uri())
        .map(problem -> ProblemMapper.problem(Response.Status.BAD_REQUEST, problem));
  }
}
