package com.widgetforge.kit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {

  @Test
  void nulAndOtherControlCharactersAreFoundWhateverTheirEncoding() {
    assertTrue(ControlCharacters.problemWithTarget("/api/prices/%00").isPresent());
    assertTrue(ControlCharacters.problemWithTarget("/x?name=a%1Fb").isPresent());
    assertTrue(ControlCharacters.problemWithTarget("/x?name=%C2%85").isPresent(), "C1 NEL");
    assertTrue(ControlCharacters.contains("a\u0000b", true));
    assertTrue(ControlCharacters.contains("a\u0007b", true));
    assertFalse(ControlCharacters.contains("line\nbreak\tand\rreturn", true));
    assertTrue(ControlCharacters.contains("line\nbreak", false));
  }

  @Test
  void malformedEscapesAndBytesThatAreNotUtf8AreRefused() {
    assertEquals(
        Optional.of("malformed percent-encoding in the request"),
        ControlCharacters.problemWithTarget("/login?next=/%zz"));
    assertTrue(ControlCharacters.problemWithTarget("/x%4").isPresent());
    assertEquals(
        Optional.of("the request holds bytes that are not UTF-8"),
        ControlCharacters.problemWithTarget("/x?s=%C3%28"));
  }

  @Test
  void ordinaryRequestsPass() {
    assertEquals(
        Optional.empty(),
        ControlCharacters.problemWithTarget("/api/prices/latest?symbols=EURUSD,US30.cash&x=%20"));
    assertEquals(
        Optional.empty(),
        ControlCharacters.problemWithTarget("/widgets/quote?locale=de-DE&symbol=%E2%82%AC"));
    assertEquals(Optional.empty(), ControlCharacters.problemWithTarget("/dashboard/caf\u00e9"));
  }
}
