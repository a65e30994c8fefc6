package com.widgetforge.account.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Against the old system's own files (synthetic accounts), encrypted by Python's cryptography. */
class FernetTest {

  private static String resource(String name) throws Exception {
    try (InputStream in = FernetTest.class.getResourceAsStream("/legacy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void decryptsEveryPasswordOfTheLegacyTerminalsFile() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Fernet fernet = new Fernet(resource("mt5_key.key"));
    JsonNode expected = json.readTree(resource("expected_plaintext.json"));
    JsonNode terminals = json.readTree(resource("mt5_terminals.json")).get("terminals");
    assertEquals(expected.size(), terminals.size());
    for (JsonNode terminal : terminals) {
      assertEquals(
          expected.get(terminal.get("login").asText()).asText(),
          fernet.decrypt(terminal.get("password").asText()));
    }
  }

  @Test
  void aWrongKeyOrATamperedTokenIsRefused() throws Exception {
    String token =
        new ObjectMapper()
            .readTree(resource("mt5_terminals.json"))
            .get("terminals")
            .get(0)
            .get("password")
            .asText();
    Fernet wrong =
        new Fernet(
            "lpKgAz5h_ffegDaDDTu1D5QTvz1rnCg6aniiJcGxqXx="
                .replace("Xx=", "Xw=")
                .replace("lpK", "mpK"));
    assertThrows(IllegalArgumentException.class, () -> wrong.decrypt(token));
    Fernet right = new Fernet(resource("mt5_key.key"));
    char[] chars = token.toCharArray();
    chars[30] = chars[30] == 'A' ? 'B' : 'A';
    assertThrows(IllegalArgumentException.class, () -> right.decrypt(new String(chars)));
    assertThrows(IllegalArgumentException.class, () -> new Fernet("too-short"));
  }
}
