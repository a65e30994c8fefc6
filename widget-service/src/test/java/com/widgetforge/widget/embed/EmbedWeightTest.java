package com.widgetforge.widget.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page weight a site takes on by embedding a ticker: every request it makes, as sent. */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class EmbedWeightTest {

  /** The budget for a ticker embed, all requests, compressed. */
  static final int BUDGET_BYTES = 15 * 1024;

  @TestHTTPResource("/")
  URL root;

  @Inject LatestTicks latest;

  @Test
  void aTickerEmbedStaysWithinFifteenKilobytesOnTheWire() throws Exception {
    long now = System.currentTimeMillis();
    for (String symbol : List.of("EURUSD", "XAUUSD", "BTCUSD", "US30", "ETHUSD")) {
      latest.offer(new PriceTick(1, symbol, "sim-1", 1.2345, 1.2347, 0, 0, now, 4));
    }
    HttpClient http = HttpClient.newHttpClient();
    long total = 0;
    for (String path :
        List.of(
            "embed.js",
            "widgets/ticker?symbols=EURUSD,XAUUSD,BTCUSD,US30,ETHUSD",
            "widgets/static/widget.css",
            "widgets/static/widget.js")) {
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
    assertTrue(total <= BUDGET_BYTES, "a ticker embed weighs " + total + " bytes");
    System.getLogger("embed-weight")
        .log(System.Logger.Level.INFO, "ticker embed: {0} bytes compressed", total);
  }
}
