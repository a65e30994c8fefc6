package com.widgetforge.widget.stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicWriter;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code price.latest}: what an instance knows from it alone (it starts while no ticks flow), and
 * how market openings and closings reach pages and the price stream.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
@QuarkusTestResource(value = LatestPriceConsumerTest.Weekend.class, restrictToAnnotatedClass = true)
class LatestPriceConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  /** Friday evening's prices, long before this instance started. */
  private static final long FRIDAY_CLOSE =
      System.currentTimeMillis() - Duration.ofDays(2).toMillis();

  private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis());

  /**
   * Writes the latest prices before the service starts, as price-service did before a weekend; no
   * tick of these symbols is ever sent on {@code price.ticks}.
   */
  public static class Weekend implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      String bootstrap = DevStackTestResource.shared().kafkaBootstrapServers();
      try (KafkaProducer<String, String> producer = TopicWriter.open(bootstrap)) {
        LatestPriceTopic.send(
            producer, "WKNDFX", LatestPriceTopic.record("WKNDFX", 1.08123, FRIDAY_CLOSE, "closed"));
        LatestPriceTopic.send(
            producer, "WKNDBTC", LatestPriceTopic.record("WKNDBTC", 2.5, FRIDAY_CLOSE, "open"));
      } catch (Exception e) {
        throw new IllegalStateException("could not write price.latest", e);
      }
      return Map.of();
    }

    @Override
    public void stop() {}
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @TestHTTPResource("/ws/price-stream")
  URI streamUri;

  @Inject LatestTicks latest;

  private final ObjectMapper json = new ObjectMapper();
  private final List<WebSocketTestClient> clients = new ArrayList<>();
  private KafkaProducer<String, String> producer;

  @BeforeEach
  void producer() throws Exception {
    producer = TopicWriter.open(bootstrapServers);
  }

  @AfterEach
  void close() {
    clients.forEach(WebSocketTestClient::close);
    producer.close();
  }

  private WebSocketTestClient connect() {
    WebSocketTestClient client =
        WebSocketTestClient.connect(URI.create(streamUri.toString().replace("http", "ws")));
    clients.add(client);
    return client;
  }

  private static Predicate<String> ofType(String type) {
    return message -> message.contains("\"type\":\"" + type + "\"");
  }

  private void latestUntilKnown(String symbol, double bid, long timeMsc, String market)
      throws Exception {
    LatestPriceTopic.send(producer, symbol, LatestPriceTopic.record(symbol, bid, timeMsc, market));
    await().atMost(WAIT).until(() -> latest.get(symbol) != null);
  }

  @Test
  void anInstanceStartedWhileNoTicksFlowServesPricesKnownOnlyFromPriceLatest() {
    await().atMost(WAIT).until(() -> latest.get("WKNDFX") != null && latest.get("WKNDBTC") != null);

    Response ticker = given().queryParam("symbols", "WKNDFX").get("/widgets/ticker");
    assertEquals(200, ticker.statusCode(), ticker.asString());
    String tape = ticker.asString();
    assertTrue(tape.contains("1.08123"), tape);
    assertTrue(tape.contains("class=\"quote closed\""), tape);
    assertTrue(
        tape.contains("<span class=\"market-closed\" aria-hidden=\"false\">market closed</span>"),
        tape);
    assertFalse(tape.contains("quote stale"), "a closed market's last price is not delayed");

    Response quote = given().queryParam("symbol", "WKNDFX").get("/widgets/quote");
    assertEquals(200, quote.statusCode(), quote.asString());
    assertTrue(quote.asString().contains("card quote closed"), quote.asString());
    assertTrue(quote.asString().contains("1.08123"));

    String open = given().queryParam("symbol", "WKNDBTC").get("/widgets/quote").asString();
    assertTrue(open.contains("card quote stale"), "an open market's old price is delayed: " + open);
    assertFalse(open.contains("quote closed") || open.contains("quote stale closed"));
  }

  @Test
  void aMarketClosingReachesSubscribersAndTheSnapshot() throws Exception {
    long now = CLOCK.addAndGet(1000);
    latestUntilKnown("MKTCLOSE", 1.2, now, "open");
    WebSocketTestClient subscriber = connect();
    subscriber.send("{\"subscribe\":[\"MKTCLOSE\"]}");
    JsonNode subscribed = json.readTree(subscriber.await(ofType("subscribed"), WAIT));
    assertEquals("open", subscribed.get("ticks").get(0).get("market").asText());

    LatestPriceTopic.send(
        producer, "MKTCLOSE", LatestPriceTopic.record("MKTCLOSE", 1.21, now + 1, "closed"));
    JsonNode tick = json.readTree(subscriber.await(ofType("tick"), WAIT));
    assertEquals(1.21, tick.get("bid").asDouble());
    assertEquals("closed", tick.get("market").asText(), "a tick carries the state as of now");
    JsonNode market = json.readTree(subscriber.await(ofType("market"), WAIT));
    assertEquals("MKTCLOSE", market.get("symbol").asText());
    assertEquals("closed", market.get("market").asText());

    // The state changed before this client connected: its first snapshot carries it.
    WebSocketTestClient silent = connect();
    JsonNode snapshot = json.readTree(silent.await(ofType("snapshot"), WAIT));
    JsonNode entry = null;
    for (JsonNode each : snapshot.get("ticks")) {
      if (each.get("symbol").asText().equals("MKTCLOSE")) {
        entry = each;
      }
    }
    assertEquals(
        "closed", entry == null ? null : entry.get("market").asText(), snapshot.toString());

    // The market opens again without a newer price: only the state changes.
    LatestPriceTopic.send(
        producer, "MKTCLOSE", LatestPriceTopic.record("MKTCLOSE", 1.21, now + 1, "open"));
    JsonNode reopened = json.readTree(subscriber.await(ofType("market"), WAIT));
    assertEquals("open", reopened.get("market").asText());
  }

  @Test
  void theDaysOpenReachesTheWidgetAndANewOneReachesSubscribersWithoutANewPrice() throws Exception {
    long now = CLOCK.addAndGet(1000);
    LatestPriceTopic.send(
        producer, "DAYFX", LatestPriceTopic.record("DAYFX", 1.1, now, "open", 1.09));
    await().atMost(WAIT).until(() -> Double.valueOf(1.09).equals(latest.dayOpen("DAYFX")));
    String page = given().queryParam("symbol", "DAYFX").get("/widgets/quote").asString();
    assertTrue(page.contains("data-day-open=\"1.09\""), page);
    assertTrue(page.contains("class=\"day-change up\""), page);
    assertTrue(page.contains(">+0.01000<") && page.contains(">+0.92%<"), page);

    WebSocketTestClient subscriber = connect();
    subscriber.send("{\"subscribe\":[\"DAYFX\"]}");
    JsonNode subscribed = json.readTree(subscriber.await(ofType("subscribed"), WAIT));
    assertEquals(1.09, subscribed.get("ticks").get(0).get("dayOpen").asDouble());

    // The D1 bar rolls over while the price stands still: the new open goes out on its own.
    LatestPriceTopic.send(
        producer, "DAYFX", LatestPriceTopic.record("DAYFX", 1.1, now, "open", 1.12));
    JsonNode day = json.readTree(subscriber.await(ofType("day"), WAIT));
    assertEquals("DAYFX", day.get("symbol").asText());
    assertEquals(1.12, day.get("dayOpen").asDouble(), day.toString());

    // A newer price carries the day open in its tick.
    LatestPriceTopic.send(
        producer, "DAYFX", LatestPriceTopic.record("DAYFX", 1.13, now + 1, "open", 1.12));
    JsonNode tick = json.readTree(subscriber.await(ofType("tick"), WAIT));
    assertEquals(1.13, tick.get("bid").asDouble());
    assertEquals(1.12, tick.get("dayOpen").asDouble(), tick.toString());

    // No day open known (no D1 bar in the last day): it goes, and ticks stop carrying one.
    LatestPriceTopic.send(
        producer, "DAYFX", LatestPriceTopic.record("DAYFX", 1.13, now + 1, "open"));
    JsonNode unknown = json.readTree(subscriber.await(ofType("day"), WAIT));
    assertFalse(unknown.has("dayOpen"), unknown.toString());
    assertNull(latest.dayOpen("DAYFX"));
  }

  @Test
  void anOlderRecordKeepsTheNewerTicksPriceButItsMarketStateApplies() throws Exception {
    long now = CLOCK.addAndGet(1000);
    String tick =
        String.format(
            "{\"v\":1,\"symbol\":\"OLDREC\",\"terminalId\":\"t1\",\"bid\":1.5,"
                + "\"ask\":1.5001,\"last\":0,\"volume\":0,\"timeMsc\":%d,\"digits\":5}",
            now);
    await()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (latest.get("OLDREC") != null) {
                return true;
              }
              producer.send(new ProducerRecord<>("price.ticks", "OLDREC", tick)).get();
              return false;
            });

    LatestPriceTopic.send(
        producer, "OLDREC", LatestPriceTopic.record("OLDREC", 1.1, now - 60_000, "closed"));
    await().atMost(WAIT).until(() -> latest.market("OLDREC") == Market.CLOSED);
    assertEquals(1.5, latest.get("OLDREC").bid());
    assertEquals(now, latest.get("OLDREC").timeMsc());
    String page = given().queryParam("symbol", "OLDREC").get("/widgets/quote").asString();
    assertTrue(page.contains("card quote closed") && page.contains("1.50000"), page);
  }

  @Test
  void garbageOnPriceLatestIsSkippedAndTheConsumerGoesOn() throws Exception {
    long now = CLOCK.addAndGet(1000);
    List<String> garbage =
        List.of(
            "this is not json",
            "[1,2,3]",
            LatestPriceTopic.record("GARBBID", 1.0, now, "closed")
                .replace("\"bid\":1.00000", "\"bid\":0"),
            LatestPriceTopic.record("GARBASK", 1.0, now, "closed")
                .replace("\"ask\":1.00020", "\"ask\":0.5"),
            LatestPriceTopic.record("GARBMKT", 1.0, now, "closed")
                .replace("\"closed\"", "\"maybe\""),
            LatestPriceTopic.record("GARBNONE", 1.0, now, "closed")
                .replace(",\"market\":\"closed\"", ""),
            LatestPriceTopic.record("GARBOPEN", 1.0, now, "closed", 1.0)
                .replace("\"dayOpen\":1.00000", "\"dayOpen\":-1"),
            LatestPriceTopic.record("GARBTAG", 1.0, now, "closed").replace("GARBTAG", "GARB<b>"));
    // One partition, so that the valid record below is read after the garbage.
    for (String value : garbage) {
      producer
          .send(new ProducerRecord<>("price.latest", 0, "GARB", value))
          .get(10, TimeUnit.SECONDS);
    }
    producer
        .send(new ProducerRecord<>("price.latest", 0, "GARBNULL", null))
        .get(10, TimeUnit.SECONDS);
    producer
        .send(
            new ProducerRecord<>(
                "price.latest",
                0,
                "AFTERGARB",
                LatestPriceTopic.record("AFTERGARB", 1.3, now, "closed")))
        .get(10, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> latest.get("AFTERGARB") != null);
    for (String symbol :
        List.of("GARBBID", "GARBASK", "GARBMKT", "GARBNONE", "GARBOPEN", "GARB<b>", "GARBNULL")) {
      assertNull(latest.get(symbol), symbol);
      assertEquals(Market.OPEN, latest.market(symbol), symbol + ": no state from a skipped record");
    }
    assertEquals(Market.CLOSED, latest.market("AFTERGARB"));
  }
}
