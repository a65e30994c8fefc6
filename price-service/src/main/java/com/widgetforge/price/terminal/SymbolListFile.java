package com.widgetforge.price.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the old market poller's {@code symbols.txt}: one symbol a line, {@code #} comments. */
public final class SymbolListFile {

  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._#-]{1,32}");

  private SymbolListFile() {}

  public static List<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read symbol list " + file + ": " + e.getMessage(), e);
    }
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int comment = line.indexOf(" #");
      String symbol = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (!SYMBOL.matcher(symbol).matches()) {
        throw new IllegalArgumentException(
            file
                + " line "
                + (i + 1)
                + " is not a symbol name (letters, digits, . _ # -, at most 32)");
      }
      if (!symbols.contains(symbol)) {
        symbols.add(symbol);
      }
    }
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException(file + " lists no symbol");
    }
    return symbols;
  }
}
