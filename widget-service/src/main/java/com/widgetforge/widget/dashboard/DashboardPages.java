package com.widgetforge.widget.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import com.widgetforge.widget.account.AccountBoard;
import com.widgetforge.widget.account.AccountCard;
import com.widgetforge.widget.account.AccountStreamHub;
import com.widgetforge.widget.account.AccountWidget;
import com.widgetforge.widget.embed.WidgetPages;
import com.widgetforge.widget.saved.Caller;
import com.widgetforge.widget.saved.SavedWidget;
import com.widgetforge.widget.saved.SavedWidgets;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The dashboard: {@code /login}, {@code /dashboard} (a trader's accounts and widgets), the widget
 * builders under {@code /dashboard/builder/{kind}} and {@code /admin}. Pages are rendered here;
 * their script talks to the suite's APIs through the gateway (same origin) with the session cookie
 * and the CSRF header. No site may frame them.
 */
@Path("/")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class DashboardPages {

  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          + "img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'; "
          + "frame-ancestors 'none'";

  /** The builders, in menu order: path segment → title. */
  static final List<Builder> BUILDERS =
      List.of(
          new Builder("ticker", "Ticker tape", "symbols"),
          new Builder("mini-chart", "Mini chart", "symbol"),
          new Builder("rotating-asset", "Rotating asset", "symbols"),
          new Builder("quote", "Quote card", "symbol"),
          new Builder("account", "Account", ""),
          new Builder("equity-curve", "Equity curve", ""));

  private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9/_-]{0,100}");

  /** A builder: its widget kind, title, and the name of its symbol option (none for accounts). */
  public record Builder(String kind, String title, String symbolParam) {}

  /** Who is signed in, as the pages show it. */
  public record Viewer(String userId, boolean admin) {}

  /** An account row on the dashboard: its id, its owner's label for it, its trader, its card. */
  public record AccountRow(String accountId, String label, String ownerName, AccountCard card) {}

  /** A trader's accounts, as the account builder offers them (an admin sees every trader's). */
  public record AccountGroup(String ownerName, List<AccountRow> accounts) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance login(String next, String error);

    static native TemplateInstance password(String next);

    static native TemplateInstance home(
        Viewer viewer,
        List<Builder> builders,
        List<AccountRow> accounts,
        List<SavedWidget> widgets);

    static native TemplateInstance builder(
        Viewer viewer,
        List<Builder> builders,
        Builder builder,
        List<String> symbols,
        List<AccountGroup> accountGroups,
        List<String> fields,
        String widgetId);

    static native TemplateInstance admin(Viewer viewer, List<Builder> builders);
  }

  private final SecurityIdentity identity;
  private final SavedWidgets widgets;
  private final AccountBoard accounts;
  private final AccountStreamHub accountCards;
  private final LatestTicks latest;

  DashboardPages(
      SecurityIdentity identity,
      SavedWidgets widgets,
      AccountBoard accounts,
      AccountStreamHub accountCards,
      LatestTicks latest) {
    this.identity = identity;
    this.widgets = widgets;
    this.accounts = accounts;
    this.accountCards = accountCards;
    this.latest = latest;
  }

  @GET
  public Response root() {
    return Response.seeOther(URI.create("/dashboard")).build();
  }

  /** The sign-in form; it posts to auth-service's {@code /auth/login}. */
  @GET
  @Path("login")
  public Response login(@QueryParam("next") String next, @QueryParam("error") String error) {
    String message =
        switch (error == null ? "" : error) {
          case "credentials" -> "That e-mail and password do not match an active account.";
          case "throttled" -> "Too many attempts. Wait a little and try again.";
          case "expired" -> "Your session ended. Sign in again.";
          default -> "";
        };
    return page(Templates.login(localPath(next), message));
  }

  @GET
  @Path("dashboard")
  public Response home() {
    Viewer viewer = viewer();
    if (viewer == null) {
      return signIn("/dashboard");
    }
    if (mustChangePassword()) {
      return page(Templates.password("/dashboard"));
    }
    Caller caller = new Caller(viewer.userId(), viewer.admin());
    return page(Templates.home(viewer, BUILDERS, ownAccounts(viewer), widgets.list(caller, false)));
  }

  @GET
  @Path("dashboard/builder/{kind}")
  public Response builder(@PathParam("kind") String kind, @QueryParam("id") String id) {
    String here = "/dashboard/builder/" + kind;
    Viewer viewer = viewer();
    if (viewer == null) {
      return signIn(here);
    }
    if (mustChangePassword()) {
      return page(Templates.password(here));
    }
    Builder builder =
        BUILDERS.stream()
            .filter(b -> b.kind().equals(kind))
            .findFirst()
            .orElseThrow(() -> ApiProblem.notFound("no such builder; see the menu"));
    String widgetId = null;
    if (id != null && !id.isBlank()) {
      try {
        widgetId =
            widgets
                .owned(new Caller(viewer.userId(), viewer.admin()), UUID.fromString(id))
                .id
                .toString();
      } catch (IllegalArgumentException e) {
        throw ApiProblem.notFound("no such widget");
      }
    }
    List<String> symbols = latest.all().stream().map(PriceTick::symbol).sorted().toList();
    return page(
        Templates.builder(
            viewer,
            BUILDERS,
            builder,
            symbols,
            accountGroups(viewer),
            AccountWidget.FIELDS,
            widgetId));
  }

  @GET
  @Path("admin")
  public Response admin() {
    Viewer viewer = viewer();
    if (viewer == null) {
      return signIn("/admin");
    }
    if (!viewer.admin()) {
      throw ApiProblem.forbidden("the admin pages are for admins");
    }
    return page(Templates.admin(viewer, BUILDERS));
  }

  private Viewer viewer() {
    try {
      return signedIn();
    } catch (AuthenticationFailedException e) {
      return null; // an expired or foreign token: sign in again
    }
  }

  private Viewer signedIn() {
    if (identity.isAnonymous()
        || !(identity.getPrincipal() instanceof JsonWebToken token)
        || token.getSubject() == null) {
      return null;
    }
    if (!identity.hasRole(Roles.TRADER)
        && !identity.hasRole(Roles.ADMIN)
        && !mustChangePassword()) {
      return null;
    }
    return new Viewer(token.getSubject(), identity.hasRole(Roles.ADMIN));
  }

  private boolean mustChangePassword() {
    return identity.hasRole(Roles.PASSWORD_CHANGE)
        && !identity.hasRole(Roles.TRADER)
        && !identity.hasRole(Roles.ADMIN);
  }

  private List<AccountRow> ownAccounts(Viewer viewer) {
    return rows(accounts.ownedBy(viewer.userId()));
  }

  /** By trader name, then label: a trader's own accounts, or every trader's for an admin. */
  private List<AccountGroup> accountGroups(Viewer viewer) {
    if (!viewer.admin()) {
      List<AccountRow> own = ownAccounts(viewer);
      return own.isEmpty() ? List.of() : List.of(new AccountGroup("", own));
    }
    // Grouped by owner, not by name: two traders may share a name (or have none yet).
    Map<String, List<AccountRow>> byOwner = new LinkedHashMap<>();
    for (JsonNode snapshot : accounts.all()) {
      byOwner
          .computeIfAbsent(snapshot.get("ownerId").asText(), owner -> new ArrayList<>())
          .addAll(rows(List.of(snapshot)));
    }
    return byOwner.entrySet().stream()
        .map(
            group ->
                new AccountGroup(
                    accounts.displayName(group.getKey()),
                    group.getValue().stream()
                        .sorted(
                            Comparator.comparing(AccountRow::label, String.CASE_INSENSITIVE_ORDER))
                        .toList()))
        .sorted(Comparator.comparing(AccountGroup::ownerName, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  private List<AccountRow> rows(List<JsonNode> snapshots) {
    return snapshots.stream()
        .map(
            snapshot -> {
              String id = snapshot.get("accountId").asText();
              String owner = snapshot.get("ownerId").asText();
              // Snapshots from before labels were published name the provider instead.
              String label = snapshot.path("label").asText(snapshot.path("provider").asText());
              return new AccountRow(
                  id,
                  label,
                  accounts.displayName(owner),
                  accountCards.card(id, AccountWidget.FIELDS, "en"));
            })
        .sorted(Comparator.comparing(AccountRow::label, String.CASE_INSENSITIVE_ORDER))
        .toList();
  }

  private static Response signIn(String next) {
    return Response.seeOther(URI.create("/login?next=" + localPath(next))).build();
  }

  private static String localPath(String next) {
    return next != null && LOCAL_PATH.matcher(next).matches() && !next.startsWith("//")
        ? next
        : "/dashboard";
  }

  static Response page(TemplateInstance page) {
    return WidgetPages.page(page, POLICY);
  }
}
