package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.kit.security.CsrfGuard;
import com.widgetforge.kit.security.RevokedSessions;
import com.widgetforge.kit.security.Roles;
import com.widgetforge.widget.saved.SavedWidget;
import com.widgetforge.widget.saved.SavedWidgets;
import com.widgetforge.widget.stream.StreamConfig;
import com.widgetforge.widget.stream.StreamErrors;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /ws/account-stream}: live account cards. Anyone may follow public account widgets by token
 * ({@code {"widgets":["<token>"]}}) and gets only the fields those widgets show; a signed-in trader
 * may follow their own accounts ({@code {"accounts":["<accountId>"]}}, an admin any) with every
 * field. Replies: {@code subscribed} with the current cards, then {@code account} messages; bad
 * messages get {@code {"type":"error","message":...}}.
 */
@WebSocket(path = "/ws/account-stream")
public class AccountStreamSocket {

  private final AccountStreamHub hub;
  private final AccountBoard board;
  private final SavedWidgets widgets;
  private final StreamConfig streams;
  private final AccountWidgetConfig config;
  private final ObjectMapper json;
  private final SecurityIdentity identity;
  private final CsrfGuard origins;
  private final RevokedSessions revoked;

  AccountStreamSocket(
      AccountStreamHub hub,
      AccountBoard board,
      SavedWidgets widgets,
      StreamConfig streams,
      AccountWidgetConfig config,
      ObjectMapper json,
      SecurityIdentity identity,
      CsrfGuard origins,
      RevokedSessions revoked) {
    this.origins = origins;
    this.revoked = revoked;
    this.hub = hub;
    this.board = board;
    this.widgets = widgets;
    this.streams = streams;
    this.config = config;
    this.json = json;
    this.identity = identity;
  }

  /**
   * Notes whether the handshake came from this suite's own pages: only those may follow the
   * signed-in trader's accounts with the session cookie (no other site can, even a sibling one the
   * cookie would reach). Public widget tokens work from anywhere.
   */
  @OnOpen
  void onOpen(WebSocketConnection connection) {
    var handshake = connection.handshakeRequest();
    hub.opened(
        connection,
        origins.isOwnOrigin(handshake.header("Origin"), handshake::header, handshake.scheme()));
  }

  @OnTextMessage
  String onMessage(WebSocketConnection connection, String text) {
    if (!hub.admit(connection)) {
      return StreamErrors.tooManyMessages(json, streams);
    }
    try {
      return subscribe(connection, text).toString();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return StreamErrors.error(json, e.getMessage());
    }
  }

  private ObjectNode subscribe(WebSocketConnection connection, String text) {
    if (text.length() > streams.maxMessageBytes()
        || text.getBytes(StandardCharsets.UTF_8).length > streams.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "message is larger than " + streams.maxMessageBytes() + " bytes");
    }
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("message is not valid JSON");
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException(
          "message must be a JSON object such as {\"widgets\":[\"<token>\"]}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("widgets") && !field.equals("accounts")) {
        throw new IllegalArgumentException("unknown field; use \"widgets\" or \"accounts\"");
      }
    }
    List<String> tokens = ids(root, "widgets");
    List<String> accounts = ids(root, "accounts");
    if (hub.watching(connection) + tokens.size() + accounts.size() > config.maxPerConnection()) {
      throw new IllegalArgumentException(
          "at most " + config.maxPerConnection() + " widgets or accounts per connection");
    }
    AccountStreamHub.Session session = null;
    if (!accounts.isEmpty()) {
      session = session(connection);
    }
    ObjectNode reply = json.createObjectNode().put("type", "subscribed");
    ObjectNode cards = reply.putObject("cards");
    List<String> unknown = new ArrayList<>();
    for (String token : tokens) {
      SavedWidget widget = widgets.find(UUID.fromString(token)).orElse(null);
      if (widget == null || !SavedWidgets.ofAccount(widget.kind)) {
        unknown.add(token);
        continue;
      }
      if (SavedWidgets.EQUITY_CURVE.equals(widget.kind)) {
        EquityCurve curve = EquityCurve.parse(SavedWidgets.query(widget.options));
        cards.set(
            token,
            json.valueToTree(
                hub.watch(
                    connection,
                    token,
                    curve.accountId(),
                    EquityCurve.FIELDS,
                    curve.look().locale(),
                    null,
                    true)));
        continue;
      }
      AccountWidget options = AccountWidget.parse(SavedWidgets.query(widget.options));
      cards.set(
          token,
          json.valueToTree(
              hub.watch(
                  connection,
                  token,
                  options.accountId(),
                  options.fields(),
                  options.look().locale(),
                  null)));
    }
    boolean admin = identity.getRoles().contains(Roles.ADMIN);
    String user = identity.getPrincipal() instanceof JsonWebToken token ? token.getSubject() : "";
    for (String account : accounts) {
      String owner = board.latest(account).map(s -> s.get("ownerId").asText()).orElse(null);
      if (owner == null || !(admin || owner.equals(user))) {
        unknown.add(account);
        continue;
      }
      cards.set(
          account,
          json.valueToTree(
              hub.watch(connection, account, account, AccountWidget.FIELDS, "en", session)));
    }
    reply.set("unknown", json.valueToTree(unknown));
    return reply;
  }

  /** The live session a signed-in trader follows their own accounts with, or an error. */
  private AccountStreamHub.Session session(WebSocketConnection connection) {
    if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
      throw new IllegalArgumentException("sign in to follow your own accounts");
    }
    // A token that may only change its password (a one-time password's) opens nothing else.
    if (!identity.getRoles().contains(Roles.TRADER) && !identity.getRoles().contains(Roles.ADMIN)) {
      throw new IllegalArgumentException("choose your password first");
    }
    if (!hub.fromOwnOrigin(connection)) {
      throw new IllegalArgumentException("own accounts may be followed only from the dashboard");
    }
    Object sid = token.getClaim(Roles.SESSION_CLAIM);
    long expires = token.getExpirationTime() * 1000;
    if (sid == null || expires < System.currentTimeMillis() || revoked.isRevoked(sid.toString())) {
      throw new IllegalArgumentException("your session ended; sign in again");
    }
    return new AccountStreamHub.Session(sid.toString(), expires);
  }

  private static List<String> ids(JsonNode root, String field) {
    JsonNode list = root.get(field);
    if (list == null) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" must be an array of ids");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : list) {
      try {
        ids.add(UUID.fromString(id.asText()).toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"" + field + "\" holds something that is not an id");
      }
    }
    return ids;
  }

  @OnPongMessage
  void onPong(WebSocketConnection connection, Buffer data) {
    hub.seen(connection);
  }

  @OnError
  Uni<Void> onError(WebSocketConnection connection, Throwable error) {
    return StreamErrors.closeOn(connection, error);
  }

  @OnClose
  void onClose(WebSocketConnection connection) {
    hub.closed(connection);
  }
}
