package com.widgetforge.widget.embed;

import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Public, embeddable price widgets, rendered on the server with the latest prices and kept live by
 * a small script over {@code /ws/price-stream}. Ad-hoc widgets may be framed by any site; every
 * page carries a strict Content-Security-Policy (no inline script or style, connections only back
 * to this origin).
 */
@Path("/widgets")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class WidgetPages {

  /** For pages any site may frame (ad-hoc public price widgets). */
  static final String CSP_ANY_FRAME =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance ticker(WidgetOptions options, List<Quote> quotes);

    static native TemplateInstance quote(WidgetOptions options, Quote quote);

    static native TemplateInstance rotatingAsset(
        WidgetOptions options, List<Quote> quotes, int interval);
  }

  private final LatestTicks latest;

  WidgetPages(LatestTicks latest) {
    this.latest = latest;
  }

  /** Scrolling ticker tape: {@code symbols} (at most 50), theme, accent, speed, locale, overlay. */
  @GET
  @Path("/ticker")
  public Response ticker(@Context UriInfo uri) {
    WidgetOptions options = WidgetOptions.parse(uri.getQueryParameters(), "symbols", known());
    long now = System.currentTimeMillis();
    List<Quote> quotes =
        options.symbols().stream()
            .map(symbol -> Quote.of(symbol, latest.get(symbol), options.locale(), now))
            .toList();
    return page(Templates.ticker(options, quotes));
  }

  /** A single quote card: {@code symbol}. */
  @GET
  @Path("/quote")
  public Response quote(@Context UriInfo uri) {
    WidgetOptions options = WidgetOptions.parse(uri.getQueryParameters(), "symbol", known());
    if (options.symbols().size() != 1) {
      throw com.widgetforge.kit.problem.ApiProblem.badRequest("symbol takes exactly one symbol");
    }
    String symbol = options.symbols().get(0);
    return page(
        Templates.quote(
            options,
            Quote.of(symbol, latest.get(symbol), options.locale(), System.currentTimeMillis())));
  }

  /** One symbol at a time, each for {@code interval} seconds (2–60, default 5). */
  @GET
  @Path("/rotating-asset")
  public Response rotatingAsset(@Context UriInfo uri) {
    WidgetOptions options = WidgetOptions.parse(uri.getQueryParameters(), "symbols", known());
    String raw = uri.getQueryParameters().getFirst("interval");
    int interval;
    try {
      interval = raw == null ? 5 : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      interval = -1;
    }
    if (interval < 2 || interval > 60) {
      throw com.widgetforge.kit.problem.ApiProblem.badRequest("interval must be 2 to 60 seconds");
    }
    long now = System.currentTimeMillis();
    List<Quote> quotes =
        options.symbols().stream()
            .map(symbol -> Quote.of(symbol, latest.get(symbol), options.locale(), now))
            .toList();
    return page(Templates.rotatingAsset(options, quotes, interval));
  }

  private Set<String> known() {
    return latest.all().stream().map(PriceTick::symbol).collect(Collectors.toSet());
  }

  private static Response page(TemplateInstance page) {
    return Response.ok(page.render())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Content-Security-Policy", CSP_ANY_FRAME)
        .header("Cache-Control", "no-store")
        .build();
  }
}
