package com.widgetforge.price.terminal;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The symbols every terminal quotes, in PostgreSQL, so that any instance can describe them all. */
@ApplicationScoped
public class SymbolStore {

  private static final String UPSERT =
      """
      insert into symbol (name, description, digits, point, category, terminal_id, updated_at)
      values ($1, $2, $3, $4, $5, $6, now())
      on conflict (name) do update set
        description = excluded.description, digits = excluded.digits, point = excluded.point,
        category = excluded.category, terminal_id = excluded.terminal_id, updated_at = now()
      """;

  private final Pool pool;

  public SymbolStore(Pool pool) {
    this.pool = pool;
  }

  public Uni<Void> register(String terminalId, List<SymbolInfo> symbols) {
    List<Tuple> rows =
        symbols.stream()
            .map(
                symbol ->
                    Tuple.tuple(
                        List.of(
                            symbol.name(),
                            symbol.description(),
                            (short) symbol.digits(),
                            BigDecimal.valueOf(symbol.point()),
                            symbol.category(),
                            terminalId)))
            .toList();
    return rows.isEmpty()
        ? Uni.createFrom().voidItem()
        : pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
  }

  public Uni<List<SymbolInfo>> all() {
    return pool.query("select * from symbol order by name")
        .execute()
        .map(
            rows -> {
              List<SymbolInfo> symbols = new ArrayList<>();
              rows.forEach(row -> symbols.add(toInfo(row)));
              return symbols;
            });
  }

  public Uni<Optional<SymbolInfo>> find(String name) {
    return pool.preparedQuery("select * from symbol where name = $1")
        .execute(Tuple.of(name))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(toInfo(rows.iterator().next()))
                    : Optional.empty());
  }

  private static SymbolInfo toInfo(Row row) {
    return new SymbolInfo(
        row.getString("name"),
        row.getString("description"),
        row.getShort("digits"),
        row.getBigDecimal("point").doubleValue(),
        row.getString("category"));
  }
}
