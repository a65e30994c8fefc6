package com.widgetforge.price.api;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.history.BarRow;
import com.widgetforge.price.history.BarStore;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.SymbolStore;
import com.widgetforge.price.tick.LatestPrices;
import com.widgetforge.price.tick.LatestPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** Price reads: symbols, latest prices and chart history (public), terminal states (admin). */
@Path("/api/prices")
@Produces(MediaType.APPLICATION_JSON)
public class PriceResource {

  /** The answer of a history request. */
  public record History(String symbol, String timeframe, int digits, List<Rate> bars) {}

  private static final CacheControl SHORT_CACHE = CacheControl.valueOf("public, max-age=5");

  /** The answer of a latest-prices request: prices of the known symbols, names of the others. */
  public record Latest(List<LatestPrice> prices, List<String> unknown) {}

  /** Most symbols one latest-prices request may ask for. */
  static final int MAX_SYMBOLS = 50;

  private static final java.util.regex.Pattern SYMBOL =
      java.util.regex.Pattern.compile("[A-Za-z0-9._#-]{1,32}");

  private final SymbolStore symbols;
  private final BarStore bars;
  private final LatestPrices latest;
  private final PriceConfig config;
  private final LatestPublisher markets;

  public PriceResource(
      SymbolStore symbols,
      BarStore bars,
      LatestPrices latest,
      PriceConfig config,
      LatestPublisher markets) {
    this.symbols = symbols;
    this.bars = bars;
    this.latest = latest;
    this.config = config;
    this.markets = markets;
  }

  /** Every terminal's state: admins and {@code prices:admin} API keys only. */
  @GET
  @Path("/terminals")
  @RolesAllowed({Roles.ADMIN, Roles.PRICES_ADMIN})
  public List<LatestPrices.TerminalState> terminals() {
    return latest.terminals();
  }

  @GET
  @Path("/latest")
  public Uni<Latest> latest(@QueryParam("symbols") String list) {
    if (list == null || list.isBlank()) {
      throw ApiProblem.badRequest("symbols is required, e.g. ?symbols=EURUSD,XAUUSD");
    }
    List<String> names =
        java.util.Arrays.stream(list.split(",")).map(String::trim).distinct().toList();
    if (names.size() > MAX_SYMBOLS) {
      throw ApiProblem.badRequest("at most " + MAX_SYMBOLS + " symbols per request");
    }
    for (int i = 0; i < names.size(); i++) {
      if (!SYMBOL.matcher(names.get(i)).matches()) {
        throw ApiProblem.badRequest(
            "symbol " + (i + 1) + " is not a symbol name (letters, digits, . _ # -, at most 32)");
      }
    }
    return prices(names);
  }

  @GET
  @Path("/{symbol}")
  public Uni<LatestPrice> one(@PathParam("symbol") String symbol) {
    return known(symbol)
        .flatMap(info -> prices(List.of(info.name())))
        .map(
            found -> {
              if (found.prices().isEmpty()) {
                throw ApiProblem.notFound("no price for this symbol yet");
              }
              return found.prices().get(0);
            });
  }

  private Uni<Latest> prices(List<String> names) {
    long nowMsc = System.currentTimeMillis();
    return bars.dayOpens(names, Instant.ofEpochMilli(nowMsc))
        .map(
            opens -> {
              List<LatestPrice> prices = new java.util.ArrayList<>();
              List<String> unknown = new java.util.ArrayList<>();
              for (String name : names) {
                latest
                    .tick(name)
                    .ifPresentOrElse(
                        tick -> {
                          boolean stale =
                              nowMsc - tick.timeMsc() > config.staleAfter().toMillis()
                                  || !latest.terminalAnswers(tick.terminalId());
                          prices.add(
                              LatestPrice.of(
                                  tick, opens.get(name), stale, markets.market(name).wireName()));
                        },
                        () -> unknown.add(name));
              }
              return new Latest(prices, unknown);
            });
  }

  @GET
  @Path("/symbols")
  public Uni<List<SymbolInfo>> symbols() {
    return symbols.all();
  }

  @GET
  @Path("/{symbol}/history")
  public Uni<Response> history(
      @PathParam("symbol") String symbol,
      @QueryParam("timeframe") String timeframe,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") String limit,
      Request request) {
    HistoryQuery query = HistoryQuery.parse(timeframe, from, to, limit, Instant.now());
    return known(symbol)
        .flatMap(
            info ->
                bars.history(
                        info.name(), query.timeframe(), query.from(), query.to(), query.limit())
                    .map(
                        rows -> {
                          History history =
                              new History(
                                  info.name(),
                                  query.timeframe().name(),
                                  info.digits(),
                                  rows.stream().map(BarRow::toRate).toList());
                          EntityTag tag = new EntityTag(Integer.toHexString(history.hashCode()));
                          Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
                          Response.ResponseBuilder response =
                              notModified != null ? notModified : Response.ok(history);
                          return response.tag(tag).cacheControl(SHORT_CACHE).build();
                        }));
  }

  private Uni<SymbolInfo> known(String symbol) {
    return symbols
        .find(symbol)
        .map(found -> found.orElseThrow(() -> ApiProblem.notFound("unknown symbol")));
  }
}
