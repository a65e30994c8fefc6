package com.widgetforge.widget.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamRequestTest {

  private final ObjectMapper json = new ObjectMapper();

  private StreamRequest parse(String text) throws StreamRequest.Invalid {
    return StreamRequest.parse(text, 4096, json);
  }

  private String refusal(String text) {
    return assertThrows(StreamRequest.Invalid.class, () -> parse(text)).getMessage();
  }

  @Test
  void readsSubscribeAndUnsubscribeInOrderWithoutDuplicates() throws Exception {
    StreamRequest request =
        parse("{\"subscribe\":[\"EURUSD\",\"XAUUSD\",\"EURUSD\"],\"unsubscribe\":[\"BTCUSD\"]}");
    assertEquals(List.of("EURUSD", "XAUUSD"), List.copyOf(request.subscribe()));
    assertEquals(Set.of("BTCUSD"), request.unsubscribe());
  }

  @Test
  void acceptsBrokerSuffixedSymbols() throws Exception {
    assertEquals(
        Set.of("EURUSD.m", "US30#", "GER40_x"),
        parse("{\"subscribe\":[\"EURUSD.m\",\"US30#\",\"GER40_x\"]}").subscribe());
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertEquals("message is not valid JSON", refusal("{subscribe:"));
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertTrue(refusal("[\"EURUSD\"]").startsWith("message must be a JSON object"));
  }

  @Test
  void rejectsUnknownFields() {
    assertTrue(refusal("{\"subscribe\":[],\"admin\":true}").startsWith("unknown field"));
  }

  @Test
  void rejectsAnEmptyObject() {
    assertTrue(refusal("{}").contains("subscribe"));
  }

  @Test
  void rejectsASubscribeThatIsNotAnArray() {
    assertTrue(refusal("{\"subscribe\":\"EURUSD\"}").contains("must be an array"));
  }

  @Test
  void rejectsMarkupInSymbolNamesWithoutEchoingIt() {
    String message = refusal("{\"subscribe\":[\"EURUSD\",\"<img src=x onerror=alert(1)>\"]}");
    assertTrue(message.contains("item 2"), message);
    assertFalse(message.contains("<"), message);
  }

  @Test
  void rejectsSymbolsLongerThan32Characters() {
    assertTrue(refusal("{\"subscribe\":[\"" + "A".repeat(33) + "\"]}").contains("at most 32"));
  }

  @Test
  void rejectsMessagesOverTheByteLimitCountingUtf8Bytes() {
    String justOver = "{\"subscribe\":[\"" + "é".repeat(2045) + "\"]}";
    assertTrue(justOver.length() < 4096);
    assertEquals("message is larger than 4096 bytes", refusal(justOver));
  }
}
