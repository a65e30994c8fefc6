package com.widgetforge.price.terminal.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection tester against the production bridge and the MetaTrader5 package's double. */
class Mt5CheckTest {

  @TempDir Path workingDirectory;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @AfterEach
  void behave() {
    Mt5Double.BROKER.control("{}");
  }

  private int check(Map<String, String> environment, String... args) {
    return new Mt5Check(
            new PrintStream(output, true, StandardCharsets.UTF_8), environment, workingDirectory)
        .run(args);
  }

  private String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "PRICE_TERMINALS_ACCOUNT2_LIBRARY", Mt5Double.LIBRARY,
          "PRICE_TERMINALS_ACCOUNT2_PASSWORD", Mt5Double.PASSWORD);

  /** Checks the double's account2 terminal, logging in to its account, with {@code more} flags. */
  private int checkAccount2(Map<String, String> environment, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--terminal-id",
                "account2",
                "--login",
                "50012345",
                "--server",
                "FivePercentOnline-Real"));
    args.addAll(List.of(more));
    return check(environment, args.toArray(String[]::new));
  }

  /** The double's server clock now, as the tester writes it (UTC+02:00 or, in summer, +03:00). */
  private static String eetNow() {
    return "UTC" + ZoneId.of("EET").getRules().getOffset(Instant.now()).getId();
  }

  @Test
  void aWorkingTerminalShowsItsSymbolsATickBarsAndServerClock() {
    int status = checkAccount2(ENVIRONMENT, "--symbol", "BTCUSD");
    assertEquals(0, status, output());
    assertTrue(
        output().contains("terminal account2: C:/MT5Terminals/Account2/terminal64.exe"), output());
    assertTrue(
        output().contains("Five Percent Online Ltd., server FivePercentOnline-Real"), output());
    assertTrue(output().contains("tick BTCUSD: bid "), output());
    assertTrue(output().matches("(?s).*bars BTCUSD H1, last 24 h: 2[45], from .*"), output());
    assertTrue(output().contains("server clock: " + eetNow() + " (detected"), output());
    assertFalse(output().contains(Mt5Double.PASSWORD), "the password is never printed");
  }

  @Test
  void aWrongPasswordFailsWithTheTerminalsMessageAndNeverShowsIt() {
    int status =
        checkAccount2(
            Map.of(
                "PRICE_TERMINALS_ACCOUNT2_LIBRARY", Mt5Double.LIBRARY, "MY_SECRET", "Wr0ng secret"),
            "--password-env",
            "MY_SECRET");
    assertEquals(1, status, output());
    assertTrue(
        output().contains("FAILED: login refused: Terminal: Authorization failed (-6)"), output());
    assertFalse(output().contains("Wr0ng secret"));
  }

  @Test
  void settingsCanComeFromTheServicesConfigFile() throws Exception {
    Files.createDirectories(workingDirectory.resolve("config"));
    Files.writeString(
        workingDirectory.resolve("config/application.properties"),
        "price.terminals.account2.library="
            + Mt5Double.LIBRARY
            + "\n"
            + "price.terminals.account2.login=50012345\n"
            + "price.terminals.account2.server=FivePercentOnline-Real\n"
            + "price.terminals.account2.server-zone=EET\n");
    int status =
        check(
            Map.of("PRICE_TERMINALS_ACCOUNT2_PASSWORD", Mt5Double.PASSWORD),
            "--terminal-id",
            "account2");
    assertEquals(0, status, output());
    assertTrue(output().contains("server clock: " + eetNow() + " (EET, configured)"), output());
  }

  @Test
  void aPasswordOnTheCommandLineIsRefused() {
    assertEquals(2, check(ENVIRONMENT, "--terminal-id", "account2", "--password", "x"));
    assertTrue(output().contains("would show in the process list"), output());
  }

  @Test
  void aHungTerminalFailsAtTheTimeoutInsteadOfHanging() {
    Mt5Double.BROKER.control("{\"hang\": true}");
    int status = checkAccount2(ENVIRONMENT, "--timeout", "2s");
    assertEquals(1, status, output());
    assertTrue(output().contains("no answer from the terminal in time"), output());
  }
}
