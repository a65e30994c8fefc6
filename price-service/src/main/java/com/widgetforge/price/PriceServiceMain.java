package com.widgetforge.price;

import com.widgetforge.price.terminal.jna.Mt5Check;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * price-service's entry point: the service, or with {@code check-terminal} first, the MT5
 * connection tester ({@link Mt5Check}), which runs without starting the service.
 */
@QuarkusMain
public class PriceServiceMain {

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("check-terminal")) {
      Mt5Check.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Quarkus.run(args);
  }
}
