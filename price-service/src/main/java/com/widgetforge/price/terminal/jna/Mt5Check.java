package com.widgetforge.price.terminal.jna;

import com.widgetforge.price.history.Timeframe;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.ServerClock;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.SymbolNames;
import com.widgetforge.price.terminal.Tick;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The connection tester: {@code java -jar quarkus-run.jar check-terminal --terminal-id 2 ...} tests
 * one terminal the way price-service will use it (the same bridge, worker and checks), as the old
 * {@code test_connection.py} did. It connects, counts the symbols, shows a tick, reads one range of
 * bars and reports the trade server's clock; on failure it prints the terminal's own message and
 * exits 1. It never prints the password.
 *
 * <p>Settings come from the flags, else from the terminal's keys as price-service reads them
 * ({@code PRICE_TERMINALS_<ID>_LOGIN} and the like in the environment, or {@code
 * price.terminals.<id>.login} in {@code config/application.properties}).
 */
public final class Mt5Check {

  static final String USAGE =
      "usage: check-terminal --terminal-id ID [--library PATH] [--path TERMINAL64_EXE]\n"
          + "         [--login N --server NAME] [--password-env VARIABLE] [--symbol NAME]\n"
          + "         [--server-zone ZONE] [--python PATH] [--worker PATH] [--timeout 30s]\n"
          + "  The password comes from PRICE_TERMINALS_<ID>_PASSWORD (or --password-env),\n"
          + "  never from the command line. An id account<N> (or <N>) without --path means\n"
          + "  C:/MT5Terminals/Account<N>/terminal64.exe, as the old setup had.";

  private final PrintStream out;
  private final Map<String, String> environment;
  private final Path workingDirectory;

  Mt5Check(PrintStream out, Map<String, String> environment, Path workingDirectory) {
    this.out = out;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
  }

  /** Runs the check and exits with its status: 0 ok, 1 the terminal failed, 2 bad usage. */
  public static void main(String... args) {
    System.exit(new Mt5Check(System.out, System.getenv(), Path.of("")).run(args));
  }

  /** Runs the check; answers the exit status. */
  int run(String... args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        return usage("unexpected argument " + args[i]);
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    if (flags.containsKey("password")) {
      return usage("--password would show in the process list: use PRICE_TERMINALS_<ID>_PASSWORD");
    }
    String id = flags.get("terminal-id");
    if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
      return usage("--terminal-id is required (letters, digits, - and _)");
    }
    Settings settings;
    try {
      settings = settings(id, flags);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    out.println("terminal " + id + ": " + settings.path() + " via " + settings.library());
    JnaQuoteSource source = null;
    try {
      source = new JnaQuoteSource(settings.bridge());
      source.connect();
      out.println("connected: " + source.connectedTo().orElse("?"));
      List<SymbolInfo> symbols = source.symbols();
      out.println("symbols: " + symbols.size() + " quoted (shown in Market Watch or configured)");
      if (symbols.isEmpty()) {
        out.println("FAILED: the terminal quotes no symbol (add some to Market Watch)");
        return 1;
      }
      String symbol = flags.getOrDefault("symbol", symbols.get(0).name());
      Tick tick =
          source.poll(System.currentTimeMillis()).stream()
              .filter(t -> t.symbol().equals(symbol))
              .findFirst()
              .orElseThrow(() -> new BridgeException("no tick for " + symbol));
      out.printf(
          Locale.ROOT,
          "tick %s: bid %s ask %s at %s UTC%n",
          symbol,
          tick.bid(),
          tick.ask(),
          Instant.ofEpochMilli(tick.timeMsc()));
      long now = System.currentTimeMillis() / 1000;
      List<Rate> bars = source.rates(symbol, Timeframe.H1, now - 24 * 3600, now, 100);
      out.println(
          "bars "
              + symbol
              + " H1, last 24 h: "
              + bars.size()
              + (bars.isEmpty()
                  ? " (none: is the market closed?)"
                  : ", from "
                      + Instant.ofEpochSecond(bars.get(0).time())
                      + " to "
                      + Instant.ofEpochSecond(bars.get(bars.size() - 1).time())
                      + " UTC"));
      ServerClock clock = settings.bridge().clock();
      out.println(
          "server clock: "
              + clock
                  .offsetAt(Instant.now())
                  .map(
                      offset ->
                          "UTC"
                              + (offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId())
                              + (clock.configured()
                                  ? " (" + clock.zone().orElseThrow().getId() + ", configured)"
                                  : " (detected from the ticks; set server-zone for history"
                                      + " across daylight-saving switches)"))
                  .orElse("unknown"));
      out.println("OK");
      return 0;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    } finally {
      if (source != null) {
        source.disconnect();
      }
    }
  }

  /** The check's settings: the bridge's, and what to tell the operator. */
  private record Settings(String path, String library, JnaQuoteSource.Settings bridge) {}

  private Settings settings(String id, Map<String, String> flags) {
    Properties file = configFile();
    String prefix = "price.terminals." + id + ".";
    String envPrefix = "PRICE_TERMINALS_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    java.util.function.Function<String, Optional<String>> key =
        name ->
            Optional.ofNullable(flags.get(name))
                .or(
                    () ->
                        Optional.ofNullable(
                            environment.get(
                                envPrefix + name.toUpperCase(Locale.ROOT).replace('-', '_'))))
                .or(() -> Optional.ofNullable(file.getProperty(prefix + name)))
                .filter(value -> !value.isBlank());
    String library =
        key.apply("library")
            .orElseThrow(() -> new IllegalArgumentException("--library is required"));
    String path =
        key.apply("path")
            .orElseGet(
                () -> {
                  java.util.regex.Matcher account =
                      java.util.regex.Pattern.compile("(?i)(?:account)?(\\d+)").matcher(id);
                  return account.matches()
                      ? "C:/MT5Terminals/Account" + account.group(1) + "/terminal64.exe"
                      : "";
                });
    long login;
    try {
      login = Long.parseLong(key.apply("login").orElse("0"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--login is not a number");
    }
    String passwordVariable = flags.getOrDefault("password-env", envPrefix + "PASSWORD");
    String password =
        Optional.ofNullable(environment.get(passwordVariable))
            .or(() -> Optional.ofNullable(file.getProperty(prefix + "password")))
            .orElse("");
    String server = key.apply("server").orElse("");
    if (login != 0 && (password.isEmpty() || server.isEmpty())) {
      throw new IllegalArgumentException(
          "with a login, set the server (--server) and the password (" + passwordVariable + ")");
    }
    Duration timeout;
    try {
      timeout = Duration.parse("PT" + key.apply("timeout").orElse("30s").toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--timeout is not a duration such as 30s");
    }
    ServerClock clock =
        key.apply("server-zone")
            .map(zone -> ServerClock.of(id, ZoneId.of(zone)))
            .orElseGet(() -> ServerClock.detecting(id));
    Map<String, String> options = new LinkedHashMap<>();
    key.apply("python").ifPresent(python -> options.put("python", python));
    key.apply("worker").ifPresent(worker -> options.put("worker", worker));
    Optional<List<String>> symbols = key.apply("symbol").map(List::of);
    return new Settings(
        path,
        library,
        new JnaQuoteSource.Settings(
            id,
            library,
            path,
            login,
            password,
            server,
            timeout,
            Duration.ofSeconds(10),
            symbols,
            new SymbolNames(
                SymbolNames.parseAliases(
                    key.apply("aliases").map(list -> List.of(list.split(","))).orElse(List.of())),
                key.apply("symbol-prefix").orElse(""),
                key.apply("symbol-suffix").orElse("")),
            clock,
            options));
  }

  private Properties configFile() {
    Properties properties = new Properties();
    Path file = workingDirectory.resolve("config/application.properties");
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
      }
    }
    return properties;
  }

  private int usage(String problem) {
    out.println("check-terminal: " + problem);
    out.println(USAGE);
    return 2;
  }
}
