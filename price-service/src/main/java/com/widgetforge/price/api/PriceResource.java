package com.widgetforge.price.api;

import com.widgetforge.price.history.Bar;
import com.widgetforge.price.history.BarStore;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.SymbolStore;
import io.smallrye.mutiny.Uni;
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

/** Public price reads: symbols and chart history. */
@Path("/api/prices")
@Produces(MediaType.APPLICATION_JSON)
public class PriceResource {

  /** A bar as the API returns it: MT5 field names, time in epoch seconds. */
  public record BarView(
      long time,
      double open,
      double high,
      double low,
      double close,
      long tickVolume,
      int spread,
      long realVolume) {
    static BarView of(Bar bar) {
      return new BarView(
          bar.time.getEpochSecond(),
          bar.open.doubleValue(),
          bar.high.doubleValue(),
          bar.low.doubleValue(),
          bar.close.doubleValue(),
          bar.tickVolume,
          bar.spread,
          bar.realVolume);
    }
  }

  /** The answer of a history request. */
  public record History(String symbol, String timeframe, int digits, List<BarView> bars) {}

  private static final CacheControl SHORT_CACHE = CacheControl.valueOf("public, max-age=5");

  private final SymbolStore symbols;
  private final BarStore bars;

  public PriceResource(SymbolStore symbols, BarStore bars) {
    this.symbols = symbols;
    this.bars = bars;
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
                                  rows.stream().map(BarView::of).toList());
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
