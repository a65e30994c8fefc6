package com.widgetforge.widget.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicWriter;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class PriceStreamSocketTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis());

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @TestHTTPResource("/ws/price-stream")
  URI streamUri;

  @Inject LatestTicks latest;

  private final ObjectMapper json = new ObjectMapper();
  private final AsyncApiContract contract = AsyncApiContract.load();
  private final List<WebSocketTestClient> clients = new ArrayList<>();
  private KafkaProducer<String, String> producer;

  @BeforeEach
  void producer() {
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

  private String tick(String symbol, double bid) {
    String tick =
        String.format(
            java.util.Locale.ROOT,
            "{\"v\":1,\"symbol\":\"%s\",\"terminalId\":\"t1\",\"bid\":%.5f,\"ask\":%.5f,"
                + "\"last\":0,\"volume\":0,\"timeMsc\":%d,\"digits\":5}",
            symbol,
            bid,
            bid + 0.0001,
            CLOCK.incrementAndGet());
    contract.assertConforms("price.ticks", tick);
    return tick;
  }

  private void send(String key, String value) throws Exception {
    // One partition: these tests compare the order of different symbols' ticks, which Kafka
    // keeps only within a partition.
    producer.send(new ProducerRecord<>("price.ticks", 0, key, value)).get(10, TimeUnit.SECONDS);
  }

  /** Publishes a tick again and again until the service has taken it in. */
  private void publishUntilSeen(String symbol, double bid) {
    await()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              PriceTick seen = latest.get(symbol);
              if (seen != null && seen.bid() == bid) {
                return true;
              }
              send(symbol, tick(symbol, bid));
              return false;
            });
  }

  private JsonNode read(String message) throws Exception {
    return json.readTree(message);
  }

  private static java.util.function.Predicate<String> ofType(String type) {
    return message -> message.contains("\"type\":\"" + type + "\"");
  }

  @Test
  void subscriberGetsItsSymbolsLatestTicksAtOnceThenOnlyTheirUpdates() throws Exception {
    publishUntilSeen("SUBA", 1.1);
    publishUntilSeen("SUBB", 2.2);
    publishUntilSeen("SUBC", 3.3);
    WebSocketTestClient client = connect();
    client.send("{\"subscribe\":[\"SUBA\",\"SUBB\",\"NEVER\"]}");

    JsonNode subscribed = read(client.await(ofType("subscribed"), WAIT));
    assertEquals("[\"SUBA\",\"SUBB\",\"NEVER\"]", subscribed.get("symbols").toString());
    assertEquals("[\"NEVER\"]", subscribed.get("unknown").toString());
    assertEquals(2, subscribed.get("ticks").size());
    assertEquals(1.1, subscribed.get("ticks").get(0).get("bid").asDouble());

    send("SUBC", tick("SUBC", 3.4));
    send("SUBA", tick("SUBA", 1.2));
    send("SUBB", tick("SUBB", 2.3));
    List<JsonNode> updates = new ArrayList<>();
    while (updates.size() < 2) {
      updates.addAll(ticksIn(read(client.await(ofType("tick").or(ofType("ticks")), WAIT))));
    }
    assertEquals("SUBA", updates.get(0).get("symbol").asText());
    assertEquals(1.2, updates.get(0).get("bid").asDouble());
    assertEquals("SUBB", updates.get(1).get("symbol").asText());
    assertTrue(updates.get(0).get("timeMsc").asLong() < updates.get(1).get("timeMsc").asLong());
    String straggler = client.next(Duration.ofMillis(300));
    assertTrue(straggler == null || !straggler.contains("SUBC"), straggler);
  }

  /** The ticks of a {@code tick} or {@code ticks} message. */
  private static List<JsonNode> ticksIn(JsonNode message) {
    List<JsonNode> ticks = new ArrayList<>();
    if (message.get("type").asText().equals("ticks")) {
      message.get("ticks").forEach(ticks::add);
    } else {
      ticks.add(message);
    }
    return ticks;
  }

  @Test
  void theTicksOfOneKafkaPollReachASubscriberInOneFrame() throws Exception {
    List<String> symbols = List.of("POLLA", "POLLB", "POLLC", "POLLD", "POLLE", "POLLF");
    for (String symbol : symbols) {
      publishUntilSeen(symbol, 1.0);
    }
    WebSocketTestClient client = connect();
    client.send(json.writeValueAsString(java.util.Map.of("subscribe", symbols)));
    client.await(ofType("subscribed"), WAIT);
    // One producer batch (it lingers): one record batch on the broker, so one consumer poll.
    try (KafkaProducer<String, String> batching =
        new KafkaProducer<>(
            java.util.Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "linger.ms",
                200,
                "key.serializer",
                org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer",
                org.apache.kafka.common.serialization.StringSerializer.class))) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (String symbol : symbols) {
        sent.add(batching.send(new ProducerRecord<>("price.ticks", 0, symbol, tick(symbol, 1.5))));
      }
      for (java.util.concurrent.Future<?> each : sent) {
        each.get(10, TimeUnit.SECONDS);
      }
    }
    JsonNode frame = read(client.await(ofType("ticks"), WAIT));
    List<String> received = ticksIn(frame).stream().map(t -> t.get("symbol").asText()).toList();
    assertEquals(symbols, received, "one frame, the poll's order: " + frame);
    for (JsonNode tick : ticksIn(frame)) {
      assertEquals(1.5, tick.get("bid").asDouble(), tick.toString());
      assertEquals("open", tick.get("market").asText(), tick.toString());
    }
  }

  @Test
  void unsubscribedSymbolsStopArriving() throws Exception {
    publishUntilSeen("UNA", 1.0);
    publishUntilSeen("UNB", 1.0);
    WebSocketTestClient client = connect();
    client.send("{\"subscribe\":[\"UNA\",\"UNB\"]}");
    client.await(ofType("subscribed"), WAIT);
    client.send("{\"unsubscribe\":[\"UNA\"]}");
    JsonNode reply = read(client.await(ofType("subscribed"), WAIT));
    assertEquals("[\"UNB\"]", reply.get("symbols").toString());

    send("UNA", tick("UNA", 1.5));
    send("UNB", tick("UNB", 1.5));
    JsonNode update = read(client.await(ofType("tick"), WAIT));
    assertEquals("UNB", update.get("symbol").asText());
  }

  @Test
  void silentClientGetsEverySymbolAboutOnceASecond() throws Exception {
    publishUntilSeen("ALLA", 5.0);
    publishUntilSeen("ALLB", 6.0);
    WebSocketTestClient client = connect();
    long start = System.nanoTime();
    JsonNode first = read(client.await(ofType("snapshot"), Duration.ofSeconds(3)));
    JsonNode second = read(client.await(ofType("snapshot"), Duration.ofSeconds(3)));
    double seconds = (System.nanoTime() - start) / 1e9;
    for (JsonNode snapshot : List.of(first, second)) {
      String symbols = snapshot.get("ticks").findValuesAsText("symbol").toString();
      assertTrue(symbols.contains("ALLA") && symbols.contains("ALLB"), symbols);
    }
    assertTrue(seconds > 0.5 && seconds < 4, "two snapshots took " + seconds + " s");
  }

  @Test
  void malformedMessageGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
    WebSocketTestClient client = connect();
    client.send("{\"subscribe\": [EURUSD");
    JsonNode error = read(client.await(ofType("error"), WAIT));
    assertEquals("message is not valid JSON", error.get("message").asText());
    client.send("{\"subscribe\":[\"EURUSD\"]}");
    assertEquals(
        "[\"EURUSD\"]", read(client.await(ofType("subscribed"), WAIT)).get("symbols").toString());
  }

  @Test
  void oversizedMessageGetsAnError() throws Exception {
    WebSocketTestClient client = connect();
    client.send("{\"subscribe\":[\"" + "A".repeat(5000) + "\"]}");
    JsonNode error = read(client.await(ofType("error"), WAIT));
    assertEquals("message is larger than 4096 bytes", error.get("message").asText());
  }

  @Test
  void aMessagePastTheFrameLimitClosesAsTooBigNotAsAServerError() throws Exception {
    WebSocketTestClient client = connect();
    // Past quarkus.websockets-next.server.max-message-size (64 KiB): Vert.x refuses it whole.
    client.send("{\"subscribe\":[\"" + "A".repeat(70_000) + "\"]}");
    assertEquals(1009, client.closed().get(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void subscribingToMoreThan50SymbolsIsRefused() throws Exception {
    WebSocketTestClient client = connect();
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      symbols.add("\"S" + i + "\"");
    }
    client.send("{\"subscribe\":[" + String.join(",", symbols) + "]}");
    JsonNode error = read(client.await(ofType("error"), WAIT));
    assertEquals("at most 50 symbols per connection", error.get("message").asText());
  }

  @Test
  void aBrokenKafkaMessageDoesNotStopTheStream() throws Exception {
    send("JUNK", "this is not json");
    send("JUNK", "{\"v\":1,\"symbol\":\"<b>\",\"bid\":-1,\"ask\":1}");
    publishUntilSeen("AFTERJUNK", 1.25);
    assertEquals(null, latest.get("<b>"));
    assertFalse(latest.all().stream().anyMatch(tick -> tick.symbol().equals("JUNK")));
  }

  @Test
  void aBurstOfTicksReachesAClientAtMostFourTimesASecondEndingWithTheNewest() throws Exception {
    publishUntilSeen("BURST", 1.0);
    WebSocketTestClient client = connect();
    client.send("{\"subscribe\":[\"BURST\"]}");
    client.await(ofType("subscribed"), WAIT);
    for (int i = 1; i <= 40; i++) {
      send("BURST", tick("BURST", 1.0 + i / 1000.0));
    }
    List<JsonNode> received = new ArrayList<>();
    long start = System.nanoTime();
    String message;
    while ((message = client.next(Duration.ofMillis(1500))) != null) {
      if (message.contains("\"tick\"")) {
        received.add(read(message));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertFalse(received.isEmpty());
    // The bucket (update-burst, 4) at once, then at most 4 a second.
    assertTrue(
        received.size() <= 4 + 1 + seconds * 4,
        received.size() + " updates in " + seconds + " s: not coalesced");
    assertEquals(1.04, received.get(received.size() - 1).get("bid").asDouble(), 1e-9);
  }

  /**
   * Opens the stream on a plain socket, as a browser would, with {@code extraHeaders} (each ending
   * in CRLF); returns the server's 101 response head.
   */
  private static String handshake(java.net.Socket raw, String extraHeaders) throws Exception {
    String request =
        "GET /ws/price-stream HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + extraHeaders
            + "\r\n";
    raw.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    java.io.InputStream in = raw.getInputStream();
    String response = "";
    while (!response.endsWith("\r\n\r\n")) {
      response += (char) in.read();
    }
    assertTrue(response.startsWith("HTTP/1.1 101"), response);
    return response;
  }

  @Test
  void aClientThatStopsAnsweringPingsIsClosedAndOneThatAnswersStays() throws Exception {
    WebSocketTestClient answering = connect();
    try (java.net.Socket raw = new java.net.Socket(streamUri.getHost(), streamUri.getPort())) {
      raw.setSoTimeout(15_000);
      handshake(raw, "");
      java.io.InputStream in = raw.getInputStream();
      long start = System.nanoTime();
      int opcode = -1;
      // Read frames (pings, snapshots) without ever answering, until the server closes.
      while (opcode != 0x8) {
        int first = in.read();
        if (first < 0) {
          break;
        }
        opcode = first & 0x0f;
        long length = in.read() & 0x7f;
        if (length == 126) {
          length = (in.read() << 8) | in.read();
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | in.read();
          }
        }
        in.skipNBytes(length);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds >= 3, "closed after " + seconds + " s, before the idle timeout");
    }
    assertFalse(answering.closed().isDone(), "a client that answers pings stays connected");
  }

  @Test
  void aBrowserOfferingCompressionGetsPlainFrames() throws Exception {
    try (java.net.Socket raw = new java.net.Socket(streamUri.getHost(), streamUri.getPort())) {
      raw.setSoTimeout(10_000);
      String response =
          handshake(
              raw, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
      assertFalse(
          response.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"),
          "no per-socket deflate of every frame: " + response);
    }
  }

  @Test
  void aPlainGetIsTold400ThatAWebSocketIsExpected() {
    io.restassured.response.Response response =
        io.restassured.RestAssured.given().get(streamUri.getPath());
    assertEquals(400, response.statusCode());
    assertEquals("a WebSocket upgrade is expected here", response.asString());
  }

  @Test
  void aClientSendingMoreThanTenMessagesASecondGetsErrorsNotAnswers() throws Exception {
    WebSocketTestClient client = connect();
    for (int i = 0; i < 30; i++) {
      client.send("{\"subscribe\":[\"EURUSD\"]}");
    }
    int answered = 0;
    int refused = 0;
    String message;
    while ((message = client.next(Duration.ofMillis(1500))) != null) {
      if (message.contains("\"subscribed\"")) {
        answered++;
      } else if (message.contains("too many messages")) {
        refused++;
      }
    }
    assertEquals(30, answered + refused, "every message gets a reply");
    assertTrue(refused > 0 && answered >= 10, answered + " answered, " + refused + " refused");
  }
}
