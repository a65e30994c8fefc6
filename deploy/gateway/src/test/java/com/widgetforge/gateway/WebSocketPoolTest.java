package com.widgetforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.widgetforge.devstack.testing.WebSocketTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeBackends.class)
class WebSocketPoolTest {

  /** FakeBackends sets a request pool of two per backend: five open WebSockets exceed it. */
  @TestHTTPResource("/")
  URI root;

  @Test
  void openWebSocketsNeitherUseUpNorAreCappedByTheRequestPool() throws Exception {
    URI stream = URI.create(root.toString().replace("http", "ws") + "ws/price-stream");
    List<WebSocketTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        WebSocketTestClient client = WebSocketTestClient.connect(stream);
        clients.add(client);
        client.send("hello " + i);
        assertEquals("widget:hello " + i, client.next(Duration.ofSeconds(5)));
      }
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(root.resolve("/widgets/ticker"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), page.body());
    } finally {
      clients.forEach(WebSocketTestClient::close);
    }
  }
}
