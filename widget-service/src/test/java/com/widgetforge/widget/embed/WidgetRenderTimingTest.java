package com.widgetforge.widget.embed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class WidgetRenderTimingTest {

  private static final Pattern RENDER = Pattern.compile("^render;dur=(\\d+\\.\\d{3})$");

  @Inject LatestTicks latest;

  @BeforeEach
  void prices() {
    long now = System.currentTimeMillis();
    latest.offer(new PriceTick(1, "EURUSD", "sim-1", 1.08512, 1.08524, 0, 0, now, 5));
    latest.offer(new PriceTick(1, "XAUUSD", "sim-1", 2345.1, 2345.4, 0, 0, now, 2));
  }

  @Test
  void everyWidgetPageReportsItsRenderTimeAsServerTiming() {
    Map<String, Map<String, String>> pages =
        Map.of(
            "/widgets/ticker", Map.of("symbols", "EURUSD,XAUUSD"),
            "/widgets/quote", Map.of("symbol", "EURUSD"),
            "/widgets/rotating-asset", Map.of("symbols", "EURUSD,XAUUSD"));
    pages.forEach(
        (path, query) -> {
          Response page = given().queryParams(query).get(path);
          assertEquals(200, page.statusCode(), path + ": " + page.asString());
          String timing = page.header("Server-Timing");
          assertNotNull(timing, path + " has no Server-Timing");
          Matcher render = RENDER.matcher(timing);
          assertTrue(render.matches(), path + ": " + timing);
          assertTrue(Double.parseDouble(render.group(1)) >= 0, path + ": " + timing);
        });
  }
}
