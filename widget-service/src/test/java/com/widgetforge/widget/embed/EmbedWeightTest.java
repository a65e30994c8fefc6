package com.widgetforge.widget.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.widget.account.AccountServiceStub;
import com.widgetforge.widget.saved.SavedWidget;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page weight a site takes on by embedding a ticker: every request it makes, as sent. */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
@QuarkusTestResource(AccountServiceStub.class)
class EmbedWeightTest {

  /** The budget for a ticker embed, all requests, compressed. */
  static final int BUDGET_BYTES = 15 * 1024;

  /** The budget for an equity-curve embed, chart library and history included. */
  static final int CURVE_BUDGET_BYTES = 60 * 1024;

  @TestHTTPResource("/")
  URL root;

  @Inject LatestTicks latest;

  @Test
  void aTickerEmbedStaysWithinFifteenKilobytesOnTheWire() throws Exception {
    long now = System.currentTimeMillis();
    for (String symbol : List.of("EURUSD", "XAUUSD", "BTCUSD", "US30", "ETHUSD")) {
      latest.offer(new PriceTick(1, symbol, "sim-1", 1.2345, 1.2347, 0, 0, now, 4));
    }
    long total =
        weigh(
            List.of(
                "embed.js",
                "widgets/ticker?symbols=EURUSD,XAUUSD,BTCUSD,US30,ETHUSD",
                "widgets/static/widget.css",
                "widgets/static/widget.js"));
    assertTrue(total <= BUDGET_BYTES, "a ticker embed weighs " + total + " bytes");
    System.getLogger("embed-weight")
        .log(System.Logger.Level.INFO, "ticker embed: {0} bytes compressed", total);
  }

  /**
   * A saved equity curve, every request its page makes: the page, uPlot, the scripts and styles,
   * and its history over the range (ALL: ten years of daily points, the most any range draws).
   */
  @Test
  void anEquityCurveEmbedStaysWithinSixtyKilobytesOnTheWire() throws Exception {
    for (String range : List.of("1W", "ALL")) {
      SavedWidget widget = new SavedWidget();
      widget.id = UUID.randomUUID();
      widget.ownerId = UUID.randomUUID();
      widget.kind = "equity-curve";
      widget.name = "weight";
      widget.options = Map.of("accountId", UUID.randomUUID().toString(), "range", range);
      widget.allowedSites = List.of("*");
      widget.createdAt = Instant.now();
      widget.updatedAt = widget.createdAt;
      QuarkusTransaction.requiringNew().run(widget::persist);
      String page = "widgets/w/" + widget.id;
      String html =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(root + page)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      List<String> paths = new ArrayList<>(List.of("embed.js", page));
      Matcher assets = Pattern.compile("(?:src|href)=\"/([^\"]+)\"").matcher(html);
      while (assets.find()) {
        paths.add(assets.group(1));
      }
      assertTrue(paths.stream().anyMatch(p -> p.endsWith("uPlot.iife.min.js")), html);
      assertTrue(paths.contains("widgets/static/equity-curve.js"), html);
      paths.add("widgets/account/" + widget.id + "/history");
      long total = weigh(paths);
      assertTrue(
          total <= CURVE_BUDGET_BYTES,
          "a " + range + " equity-curve embed weighs " + total + " bytes");
      System.getLogger("embed-weight")
          .log(
              System.Logger.Level.INFO,
              "equity-curve embed ({0}): {1} bytes compressed",
              range,
              total);
    }
  }

  /** The bytes of every path as sent with gzip (each must be compressed). */
  private long weigh(List<String> paths) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long total = 0;
    for (String path : paths) {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(root + path))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, response.statusCode(), path);
      assertEquals(
          "gzip",
          response.headers().firstValue("Content-Encoding").orElse(""),
          path + " is compressed");
      total += response.body().length;
    }
    return total;
  }
}
