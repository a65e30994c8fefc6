package com.widgetforge.widget.embed;

import com.widgetforge.kit.problem.ApiProblem;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
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
  static final String CSP_ANY_FRAME = policy("*");

  /** The price widget kinds this class renders. */
  public static final List<String> KINDS =
      List.of("ticker", "quote", "rotating-asset", "mini-chart");

  /** Where uPlot's webjar serves its files, from the version on the classpath. */
  public static final String UPLOT =
      "/webjars/uplot/" + webjarVersion("org.webjars.npm", "uplot") + "/dist";

  /** The widget pages' policy, framable by {@code frameAncestors} (a CSP source list). */
  public static String policy(String frameAncestors) {
    return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors "
        + frameAncestors;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance ticker(
        WidgetOptions options, List<Quote> quotes, boolean spread);

    static native TemplateInstance quote(WidgetOptions options, Quote quote, boolean spread);

    static native TemplateInstance rotatingAsset(
        WidgetOptions options,
        List<Quote> quotes,
        int interval,
        boolean spread,
        boolean charts,
        ChartRange range,
        String uplot);

    static native TemplateInstance miniChart(
        WidgetOptions options, Quote quote, ChartRange range, String uplot);
  }

  private final LatestTicks latest;

  WidgetPages(LatestTicks latest) {
    this.latest = latest;
  }

  /**
   * Scrolling ticker tape: {@code symbols} (at most 50), theme, accent, speed, locale, overlay,
   * {@code spread}.
   */
  @GET
  @Path("/ticker")
  public Response ticker(@Context UriInfo uri) {
    return page(render("ticker", uri.getQueryParameters()), CSP_ANY_FRAME);
  }

  /** A single quote card: {@code symbol}, {@code spread}. */
  @GET
  @Path("/quote")
  public Response quote(@Context UriInfo uri) {
    return page(render("quote", uri.getQueryParameters()), CSP_ANY_FRAME);
  }

  /**
   * One symbol at a time, each for {@code interval} seconds (2–60, default 5), as a quote card or
   * ({@code view=chart}) a mini chart over {@code range}.
   */
  @GET
  @Path("/rotating-asset")
  public Response rotatingAsset(@Context UriInfo uri) {
    return page(render("rotating-asset", uri.getQueryParameters()), CSP_ANY_FRAME);
  }

  /** A symbol's price over {@code range} (1D, 5D, 1M, 3M, 1Y), moving with the live price. */
  @GET
  @Path("/mini-chart")
  public Response miniChart(@Context UriInfo uri) {
    return page(render("mini-chart", uri.getQueryParameters()), CSP_ANY_FRAME);
  }

  /** The page with the labels of the widget's {@code locale} (English where it has none). */
  public static TemplateInstance inLanguageOf(WidgetOptions options, TemplateInstance page) {
    return page.setLocale(Locale.forLanguageTag(WidgetLanguage.of(options.locale())));
  }

  /**
   * Renders a price widget of {@code kind} from its options (query parameters or a saved widget's
   * options); a 400 names the first bad option.
   */
  public TemplateInstance render(String kind, MultivaluedMap<String, String> query) {
    long now = System.currentTimeMillis();
    return switch (kind) {
      case "ticker" -> {
        WidgetOptions options = WidgetOptions.parse(query, "symbols", known());
        yield inLanguageOf(options, Templates.ticker(options, quotes(options, now), spread(query)));
      }
      case "quote" -> {
        WidgetOptions options = single(query);
        yield inLanguageOf(
            options, Templates.quote(options, quotes(options, now).get(0), spread(query)));
      }
      case "mini-chart" -> {
        WidgetOptions options = single(query);
        ChartRange range = ChartRange.parse(query.get("range"));
        yield inLanguageOf(
            options, Templates.miniChart(options, quotes(options, now).get(0), range, UPLOT));
      }
      case "rotating-asset" -> {
        WidgetOptions options = WidgetOptions.parse(query, "symbols", known());
        String raw = query.getFirst("interval");
        int interval;
        try {
          interval = raw == null ? 5 : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
          interval = -1;
        }
        if (interval < 2 || interval > 60) {
          throw ApiProblem.badRequest("interval must be 2 to 60 seconds");
        }
        boolean charts = charts(query);
        ChartRange range = ChartRange.parse(query.get("range"));
        yield inLanguageOf(
            options,
            Templates.rotatingAsset(
                options, quotes(options, now), interval, spread(query), charts, range, UPLOT));
      }
      default ->
          throw ApiProblem.badRequest("unknown widget kind: use " + String.join(", ", KINDS));
    };
  }

  /** {@code spread}: whether a price widget shows the spread in points (1 or 0, default 0). */
  static boolean spread(MultivaluedMap<String, String> query) {
    return switch (WidgetOptions.option(query, "spread", "0")) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw ApiProblem.badRequest("spread must be 1 (show) or 0 (hide)");
    };
  }

  /**
   * {@code view}: whether the rotating asset shows quote {@code cards} (default) or {@code chart}s.
   */
  static boolean charts(MultivaluedMap<String, String> query) {
    return switch (WidgetOptions.option(query, "view", "cards")) {
      case "chart" -> true;
      case "cards" -> false;
      default -> throw ApiProblem.badRequest("view must be cards or chart");
    };
  }

  private WidgetOptions single(MultivaluedMap<String, String> query) {
    WidgetOptions options = WidgetOptions.parse(query, "symbol", known());
    if (options.symbols().size() != 1) {
      throw ApiProblem.badRequest("symbol takes exactly one symbol");
    }
    return options;
  }

  private List<Quote> quotes(WidgetOptions options, long now) {
    return options.symbols().stream()
        .map(
            symbol ->
                Quote.of(
                    symbol,
                    latest.get(symbol),
                    latest.market(symbol),
                    latest.dayOpen(symbol),
                    options.locale(),
                    now))
        .toList();
  }

  private Set<String> known() {
    return latest.all().stream().map(PriceTick::symbol).collect(Collectors.toSet());
  }

  /** The version of a webjar on the classpath, from the pom.properties Maven packs into it. */
  static String webjarVersion(String groupId, String artifactId) {
    String file = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = WidgetPages.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(file + " is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A widget page with the strict policy, framable by {@code frameAncestors}; its render time goes
   * out as {@code Server-Timing: render;dur=<ms>} (what the widget benchmark reads).
   */
  public static Response page(TemplateInstance page, String policy) {
    long start = System.nanoTime();
    String html = page.render();
    long nanos = System.nanoTime() - start;
    return Response.ok(html)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Content-Security-Policy", policy)
        .header("Cache-Control", "no-store")
        .header("Server-Timing", String.format(Locale.ROOT, "render;dur=%.3f", nanos / 1e6))
        .build();
  }
}
