package com.widgetforge.widget.account;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.widget.embed.WidgetOptions;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An account widget's options: the {@code accountId}, its {@code size} (mini, small, medium, large)
 * and the {@code fields} its owner made public; everything else is never sent to a viewer.
 */
public record AccountWidget(
    String accountId, String size, List<String> fields, WidgetOptions look) {

  /** The public fields an owner may choose, in display order. */
  public static final List<String> FIELDS =
      List.of("balance", "equity", "gain", "drawdown", "dailyLoss", "target", "tradingDays");

  public static final Map<String, List<String>> DEFAULT_FIELDS =
      Map.of(
          "mini", List.of("equity"),
          "small", List.of("balance", "equity"),
          "medium", List.of("balance", "equity", "gain", "drawdown"),
          "large", FIELDS);

  public static AccountWidget parse(MultivaluedMap<String, String> options) {
    String accountId = WidgetOptions.option(options, "accountId", "");
    try {
      accountId = UUID.fromString(accountId).toString();
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("accountId must be the id of one of your accounts");
    }
    String size = WidgetOptions.option(options, "size", "small");
    if (!DEFAULT_FIELDS.containsKey(size)) {
      throw ApiProblem.badRequest("size must be mini, small, medium or large");
    }
    String fieldList = WidgetOptions.option(options, "fields", "");
    List<String> fields;
    if (fieldList.isBlank()) {
      fields = DEFAULT_FIELDS.get(size);
    } else {
      if (fieldList.length() > 200) {
        throw ApiProblem.badRequest("fields is too long");
      }
      Set<String> chosen = new LinkedHashSet<>();
      for (String field : fieldList.split(",")) {
        if (!FIELDS.contains(field.strip())) {
          throw ApiProblem.badRequest("fields may name only " + String.join(", ", FIELDS));
        }
        chosen.add(field.strip());
      }
      fields = new ArrayList<>(FIELDS);
      fields.retainAll(chosen);
    }
    return new AccountWidget(
        accountId, size, List.copyOf(fields), WidgetOptions.look(options, List.of()));
  }
}
