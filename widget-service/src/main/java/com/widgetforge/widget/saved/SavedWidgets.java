package com.widgetforge.widget.saved;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.widget.account.AccountBoard;
import com.widgetforge.widget.account.AccountStreamHub;
import com.widgetforge.widget.account.AccountWidget;
import com.widgetforge.widget.account.EquityCurve;
import com.widgetforge.widget.embed.WidgetPages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Saving, listing and changing widgets. A widget's options are checked exactly as its public page
 * checks them, so a saved widget always renders; an account widget may only show an account its
 * owner owns.
 */
@ApplicationScoped
public class SavedWidgets {

  public static final int MAX_PER_OWNER = 100;
  public static final int MAX_OPTIONS = 20;
  public static final int MAX_OPTION_LENGTH = 2000;
  public static final String ACCOUNT = "account";
  public static final String EQUITY_CURVE = "equity-curve";
  private static final Pattern OPTION_NAME = Pattern.compile("[a-zA-Z]{1,20}");

  private final WidgetPages pages;
  private final AccountBoard accounts;
  private final AccountStreamHub viewers;

  SavedWidgets(WidgetPages pages, AccountBoard accounts, AccountStreamHub viewers) {
    this.pages = pages;
    this.accounts = accounts;
    this.viewers = viewers;
  }

  @Transactional
  public SavedWidget create(Caller caller, WidgetRequest request) {
    check(caller, request);
    if (SavedWidget.countOwnedBy(UUID.fromString(caller.userId())) >= MAX_PER_OWNER) {
      throw ApiProblem.conflict(
          "you have " + MAX_PER_OWNER + " widgets, the most one trader may keep; delete one first");
    }
    SavedWidget widget = new SavedWidget();
    widget.id = UUID.randomUUID();
    widget.ownerId = UUID.fromString(caller.userId());
    widget.createdAt = Instant.now();
    apply(widget, request);
    widget.persist();
    return widget;
  }

  @Transactional
  public SavedWidget update(Caller caller, UUID id, WidgetRequest request) {
    SavedWidget widget = owned(caller, id);
    check(caller, request);
    apply(widget, request);
    viewers.forget(widget.id.toString()); // open account streams stop showing the old options
    return widget;
  }

  @Transactional
  public void delete(Caller caller, UUID id) {
    owned(caller, id).delete();
    viewers.forget(id.toString());
  }

  @Transactional
  public List<SavedWidget> list(Caller caller, boolean all) {
    if (all) {
      if (!caller.admin()) {
        throw ApiProblem.forbidden("only admins list every widget");
      }
      return SavedWidget.<SavedWidget>listAll(
          io.quarkus.panache.common.Sort.by("updatedAt").descending());
    }
    return SavedWidget.list(
        "ownerId",
        io.quarkus.panache.common.Sort.by("updatedAt").descending(),
        UUID.fromString(caller.userId()));
  }

  /** The widget if the caller owns it (or is an admin); someone else's widget is a 404. */
  @Transactional
  public SavedWidget owned(Caller caller, UUID id) {
    SavedWidget widget = SavedWidget.findById(id);
    if (widget == null || !caller.owns(widget.ownerId.toString())) {
      throw ApiProblem.notFound("no such widget");
    }
    return widget;
  }

  /** A saved widget for its public page. */
  @Transactional
  public Optional<SavedWidget> find(UUID id) {
    return SavedWidget.findByIdOptional(id);
  }

  /** The options as query parameters, the form every widget page parses. */
  public static MultivaluedMap<String, String> query(Map<String, String> options) {
    MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
    options.forEach(query::putSingle);
    return query;
  }

  private void check(Caller caller, WidgetRequest request) {
    ApiProblem.requireBody(request);
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiProblem.badRequest("name must be 1 to 100 characters");
    }
    Map<String, String> options = request.options() == null ? Map.of() : request.options();
    if (options.size() > MAX_OPTIONS) {
      throw ApiProblem.badRequest("at most " + MAX_OPTIONS + " options");
    }
    options.forEach(
        (key, value) -> {
          if (key == null || !OPTION_NAME.matcher(key).matches()) {
            throw ApiProblem.badRequest("option names are letters only, at most 20");
          }
          if (value == null || value.length() > MAX_OPTION_LENGTH) {
            throw ApiProblem.badRequest(
                "option " + key + " must be text of at most " + MAX_OPTION_LENGTH + " characters");
          }
        });
    AllowedSites.parse(request.allowedSites());
    String kind = request.kind() == null ? "" : request.kind();
    if (ACCOUNT.equals(kind)) {
      requireOwnAccount(caller, AccountWidget.parse(query(options)).accountId());
    } else if (EQUITY_CURVE.equals(kind)) {
      requireOwnAccount(caller, EquityCurve.parse(query(options)).accountId());
    } else if (WidgetPages.KINDS.contains(kind)) {
      pages.render(kind, query(options));
    } else {
      throw ApiProblem.badRequest(
          "kind must be one of "
              + String.join(", ", WidgetPages.KINDS)
              + ", "
              + ACCOUNT
              + ", "
              + EQUITY_CURVE);
    }
  }

  /** Whether {@code kind} shows an account (its page lives at {@code /widgets/account/{id}}). */
  public static boolean ofAccount(String kind) {
    return ACCOUNT.equals(kind) || EQUITY_CURVE.equals(kind);
  }

  private void requireOwnAccount(Caller caller, String accountId) {
    String owner =
        accounts.latest(accountId).map(snapshot -> snapshot.get("ownerId").asText()).orElse(null);
    if (owner == null || !caller.owns(owner)) {
      throw ApiProblem.badRequest(
          "accountId must be one of your accounts that has synced at least once");
    }
  }

  private static void apply(SavedWidget widget, WidgetRequest request) {
    widget.kind = request.kind();
    widget.name = request.name().strip();
    widget.options = Map.copyOf(request.options() == null ? Map.of() : request.options());
    widget.allowedSites = AllowedSites.parse(request.allowedSites());
    widget.updatedAt = Instant.now();
  }
}
