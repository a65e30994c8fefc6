package com.widgetforge.account.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.widgetforge.account.account.AccountRequest;
import com.widgetforge.account.account.AccountService;
import com.widgetforge.account.account.Caller;
import com.widgetforge.account.account.TradingAccount;
import com.widgetforge.account.crypto.Fernet;
import com.widgetforge.kit.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports the old system's account files: {@code mt5_terminals.json} (passwords Fernet-encrypted
 * with the supplied key file) or {@code logins.json} (passwords in clear). Passwords are
 * re-encrypted with the current key. All or nothing: a bad file, key or entry imports nothing.
 */
@ApplicationScoped
public class LegacyImport {

  public static final int MAX_ENTRIES = 500;

  /** The request: the owner, the provider to poll with, and one of the two files. */
  public record Request(
      UUID ownerId,
      String provider,
      BigDecimal initialBalance,
      String fernetKey,
      JsonNode terminals,
      JsonNode logins) {}

  /** One entry found in a file. */
  private record Entry(long login, String server, String label, String password) {}

  private final AccountService accounts;

  LegacyImport(AccountService accounts) {
    this.accounts = accounts;
  }

  @Transactional
  public List<TradingAccount> run(Request request, Caller admin) {
    if (request.ownerId() == null) {
      throw ApiProblem.badRequest("ownerId is required");
    }
    if (request.initialBalance() == null) {
      throw ApiProblem.badRequest("initialBalance is required (the old files do not record it)");
    }
    List<Entry> entries;
    if (request.terminals() != null) {
      if (request.fernetKey() == null || request.fernetKey().isBlank()) {
        throw ApiProblem.badRequest(
            "fernetKey (the old mt5_key.key) is required for terminals files");
      }
      entries = terminals(request.terminals(), fernet(request.fernetKey()));
    } else if (request.logins() != null) {
      entries = logins(request.logins());
    } else {
      throw ApiProblem.badRequest("send terminals (mt5_terminals.json) or logins (logins.json)");
    }
    List<TradingAccount> created = new ArrayList<>();
    for (Entry entry : entries) {
      try {
        created.add(
            accounts.create(
                new AccountRequest(
                    request.ownerId(),
                    "mt5",
                    entry.login(),
                    entry.server(),
                    entry.label(),
                    request.provider(),
                    null,
                    null,
                    entry.password(),
                    request.initialBalance(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                admin));
      } catch (ApiProblem problem) {
        // The whole import rolls back; say which entry stopped it.
        throw new ApiProblem(
            problem.status(), "login " + entry.login() + ": " + problem.getMessage());
      }
    }
    return created;
  }

  private static Fernet fernet(String key) {
    try {
      return new Fernet(key);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("fernetKey: " + e.getMessage());
    }
  }

  private static List<Entry> terminals(JsonNode file, Fernet fernet) {
    JsonNode list = file.path("terminals");
    if (!list.isArray()) {
      throw ApiProblem.badRequest(
          "terminals: expected {\"terminals\": [...]} as in mt5_terminals.json");
    }
    checkSize(list.size());
    List<Entry> entries = new ArrayList<>();
    int index = 0;
    for (JsonNode terminal : list) {
      String where = "terminals[" + index++ + "]";
      long login = login(terminal.path("login"), where);
      String server = textField(terminal, "server", where);
      String label = terminal.path("name").isTextual() ? terminal.get("name").asText() : null;
      String password;
      try {
        password = fernet.decrypt(textField(terminal, "password", where));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badRequest(where + ".password: " + e.getMessage() + " (wrong key file?)");
      }
      entries.add(new Entry(login, server, label, password));
    }
    return entries;
  }

  private static List<Entry> logins(JsonNode file) {
    if (!file.isObject()) {
      throw ApiProblem.badRequest("logins: expected an object of login → {password, server}");
    }
    checkSize(file.size());
    List<Entry> entries = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = file.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String where = "logins." + field.getKey();
      long login;
      try {
        login = Long.parseLong(field.getKey());
      } catch (NumberFormatException e) {
        throw ApiProblem.badRequest(where + ": the key must be an account number");
      }
      entries.add(
          new Entry(
              login,
              textField(field.getValue(), "server", where),
              null,
              textField(field.getValue(), "password", where)));
    }
    return entries;
  }

  private static void checkSize(int size) {
    if (size == 0) {
      throw ApiProblem.badRequest("the file lists no accounts");
    }
    if (size > MAX_ENTRIES) {
      throw ApiProblem.badRequest("at most " + MAX_ENTRIES + " accounts per import");
    }
  }

  private static long login(JsonNode node, String where) {
    if (!node.canConvertToLong() || node.asLong() <= 0) {
      throw ApiProblem.badRequest(where + ".login: expected a positive account number");
    }
    return node.asLong();
  }

  private static String textField(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw ApiProblem.badRequest(where + "." + field + ": expected text");
    }
    return value.asText();
  }
}
