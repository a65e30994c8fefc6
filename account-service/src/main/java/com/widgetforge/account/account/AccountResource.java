package com.widgetforge.account.account;

import com.widgetforge.account.legacy.LegacyImport;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderStatus;
import com.widgetforge.account.provider.ProviderStatusStore;
import com.widgetforge.account.snapshot.Snapshot;
import com.widgetforge.account.snapshot.SnapshotService;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/accounts}: a trader manages their own accounts, an admin all; an {@code
 * accounts:read} API key reads all. Another trader's account answers 404. Passwords are write-only.
 */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRADER, Roles.ADMIN, Roles.ACCOUNTS_READ})
public class AccountResource {

  public static final int MAX_HISTORY_POINTS = 5_000;

  /** An equity curve. */
  public record History(String accountId, Duration step, List<SnapshotService.Point> points) {}

  private final AccountService accounts;
  private final SnapshotService snapshots;
  private final LegacyImport legacy;
  private final ProviderStatusStore statuses;
  private final JsonWebToken token;

  AccountResource(
      AccountService accounts,
      SnapshotService snapshots,
      LegacyImport legacy,
      ProviderStatusStore statuses,
      JsonWebToken token) {
    this.accounts = accounts;
    this.snapshots = snapshots;
    this.legacy = legacy;
    this.statuses = statuses;
    this.token = token;
  }

  @GET
  public List<AccountView> list(@QueryParam("ownerId") String ownerId) {
    UUID owner = ownerId == null ? null : uuid(ownerId, "ownerId");
    return views(accounts.list(Caller.of(token), owner));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.TRADER, Roles.ADMIN})
  public Response create(AccountRequest body) {
    TradingAccount account = accounts.create(ApiProblem.requireBody(body), Caller.of(token));
    return Response.status(Response.Status.CREATED).entity(view(account)).build();
  }

  @GET
  @Path("/{id}")
  public AccountView get(@PathParam("id") String id) {
    return view(accounts.find(accountId(id), Caller.of(token)));
  }

  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.TRADER, Roles.ADMIN})
  public AccountView update(@PathParam("id") String id, AccountRequest body) {
    return view(accounts.update(accountId(id), ApiProblem.requireBody(body), Caller.of(token)));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed({Roles.TRADER, Roles.ADMIN})
  public Response delete(@PathParam("id") String id) {
    accounts.delete(accountId(id), Caller.of(token));
    return Response.noContent().build();
  }

  /** The account's provider status alone: last sync, stale, last error, circuit open. */
  @GET
  @Path("/{id}/status")
  public ProviderStatus status(@PathParam("id") String id) {
    TradingAccount account = accounts.find(accountId(id), Caller.of(token));
    return statuses.of(account.id, account.createdAt, accounts.provider(account));
  }

  /** The newest snapshot, as published on account.snapshots. */
  @GET
  @Path("/{id}/snapshot")
  public Response snapshot(@PathParam("id") String id) {
    TradingAccount account = accounts.find(accountId(id), Caller.of(token));
    Snapshot latest = snapshots.latest(account.id);
    if (latest == null) {
      throw ApiProblem.notFound("no snapshot yet; the first comes within seconds of creation");
    }
    return Response.ok(snapshots.event(account, latest)).build();
  }

  /**
   * {@code from}/{@code to}: ISO-8601 instants (default: the last 24 h); {@code step}: ISO-8601
   * duration or seconds.
   */
  @GET
  @Path("/{id}/history")
  public History history(
      @PathParam("id") String id,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("step") String step) {
    TradingAccount account = accounts.find(accountId(id), Caller.of(token));
    Instant end = to == null ? Instant.now() : instant(to, "to");
    Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant(from, "from");
    if (!start.isBefore(end)) {
      throw ApiProblem.badRequest("from must be before to");
    }
    Duration bucket = step == null ? Duration.ofMinutes(5) : duration(step);
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0 || bucket.compareTo(Duration.ofDays(31)) > 0) {
      throw ApiProblem.badRequest("step must be between 1 second and 31 days");
    }
    if (Duration.between(start, end).dividedBy(bucket) > MAX_HISTORY_POINTS) {
      throw ApiProblem.badRequest(
          "at most " + MAX_HISTORY_POINTS + " points: widen step or narrow from/to");
    }
    return new History(
        account.id.toString(),
        bucket,
        snapshots.history(account.id, start, end, bucket, MAX_HISTORY_POINTS));
  }

  /** Re-encrypts every stored password with the current key, so older keys can be removed. */
  @POST
  @Path("/admin/re-encrypt")
  @RolesAllowed(Roles.ADMIN)
  public Map<String, Integer> reencrypt() {
    return Map.of("reencrypted", accounts.reencrypt());
  }

  /** Imports the old system's files (see LegacyImport); all or nothing. */
  @POST
  @Path("/admin/import-legacy")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public Response importLegacy(LegacyImport.Request body) {
    List<AccountView> created = views(legacy.run(ApiProblem.requireBody(body), Caller.of(token)));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  private AccountView view(TradingAccount account) {
    return AccountView.of(
        account,
        accounts.ownerName(account),
        statuses.of(account.id, account.createdAt, accounts.provider(account)));
  }

  /** Several accounts, their statuses read in one query. */
  private List<AccountView> views(List<TradingAccount> list) {
    Map<UUID, Instant> created = new HashMap<>();
    Map<UUID, AccountProvider> providers = new HashMap<>();
    for (TradingAccount account : list) {
      created.put(account.id, account.createdAt);
      providers.put(account.id, accounts.provider(account));
    }
    Map<UUID, ProviderStatus> status = statuses.of(created, providers);
    return list.stream()
        .map(a -> AccountView.of(a, accounts.ownerName(a), status.get(a.id)))
        .toList();
  }

  private static UUID accountId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such account");
    }
  }

  private static UUID uuid(String value, String name) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(name + " must be a UUID");
    }
  }

  private static Instant instant(String value, String name) {
    try {
      Instant instant = Instant.parse(value);
      if (instant.isBefore(Instant.parse("2000-01-01T00:00:00Z"))
          || instant.isAfter(Instant.parse("2200-01-01T00:00:00Z"))) {
        throw ApiProblem.badRequest(name + " must be between the years 2000 and 2200");
      }
      return instant;
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(
          name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }

  private static Duration duration(String value) {
    try {
      return value.matches("\\d{1,9}")
          ? Duration.ofSeconds(Long.parseLong(value))
          : Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("step must be seconds or an ISO-8601 duration such as PT5M");
    }
  }
}
