// WidgetForge dashboard: talks to the suite's APIs on this origin with the session cookie and
// the CSRF header. Writes only textContent, values and attributes it built itself (never HTML).
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");

  function cookie(name) {
    var match = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return match ? decodeURIComponent(match.slice(name.length + 1)) : "";
  }

  function api(method, url, body) {
    var headers = { "X-CSRF-Token": cookie("__Host-wf_csrf"), "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (response.status === 401) {
          location.href = "/login?error=expired&next=" + encodeURIComponent(location.pathname);
          throw new Error("signed out");
        }
        var type = response.headers.get("Content-Type") || "";
        var parsed = type.indexOf("json") >= 0 ? response.json() : Promise.resolve(null);
        return parsed.then(function (data) {
          if (!response.ok) {
            throw new Error((data && (data.detail || data.title)) || ("HTTP " + response.status));
          }
          return data;
        });
      });
  }

  function status(form, text, bad) {
    var el = form.querySelector(".status");
    el.textContent = text;
    el.classList.toggle("error", !!bad);
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    row.appendChild(td);
    return td;
  }

  // A "Copy" button copies the value of the field its data-target names.
  function wireCopyButtons() {
    document.querySelectorAll("button.copy").forEach(function (button) {
      var field = function () { return document.getElementById(button.getAttribute("data-target")); };
      var done = function () { button.textContent = "Copied"; button.setAttribute("data-copied", "true"); };
      var fallback = function () { field().select(); document.execCommand("copy"); done(); };
      button.addEventListener("click", function () {
        if (navigator.clipboard) {
          navigator.clipboard.writeText(field().value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  // Sessions: tokens live five minutes; keep a signed-in page's session fresh.
  function refresh() { return api("POST", "/auth/refresh"); }
  if (page !== "login") { setInterval(function () { refresh().catch(function () {}); }, 4 * 60 * 1000); }

  if (page === "login") {
    var next = document.querySelector("input[name=next]").value;
    var tried = Number(sessionStorage.getItem("wf-refresh-tried") || 0);
    if (cookie("__Host-wf_csrf") && Date.now() - tried > 30000) {
      sessionStorage.setItem("wf-refresh-tried", String(Date.now()));
      fetch("/auth/refresh", { method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": cookie("__Host-wf_csrf") } })
        .then(function (r) { if (r.ok) { location.href = next; } });
    }
  }

  if (page === "password") {
    var pf = document.getElementById("password-form");
    pf.addEventListener("submit", function (event) {
      event.preventDefault();
      api("POST", "/auth/me/password", {
        currentPassword: pf.currentPassword.value, newPassword: pf.newPassword.value })
        .then(function () {
          location.href = "/login?next=" + encodeURIComponent(pf.getAttribute("data-next"));
        })
        .catch(function (e) { status(pf, e.message, true); });
    });
  }

  if (page === "home") {
    document.querySelectorAll("button.delete").forEach(function (button) {
      button.addEventListener("click", function () {
        api("DELETE", "/api/widgets/" + encodeURIComponent(button.getAttribute("data-id")))
          .then(function () { button.closest("tr").remove(); })
          .catch(function (e) { alert(e.message); });
      });
    });
    var af = document.getElementById("account-form");
    af.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {};
      ["ownerId", "provider", "providerAccountId", "server", "label", "currency", "dailyResetTime", "dailyResetZone", "investorPassword"]
        .forEach(function (name) { if (af.elements[name] && af.elements[name].value) { body[name] = af.elements[name].value; } });
      ["login", "initialBalance", "maxDailyLossPct", "maxTotalLossPct", "profitTargetPct", "minTradingDays"]
        .forEach(function (name) { if (af.elements[name].value) { body[name] = Number(af.elements[name].value); } });
      api("POST", "/api/accounts", body)
        .then(function () { status(af, "Added. Its numbers appear after the first sync."); setTimeout(function () { location.reload(); }, 3000); })
        .catch(function (e) { status(af, e.message, true); });
    });
    var owners = document.getElementById("account-owner");
    if (owners) {
      // An admin registers an account for a trader, picked by name.
      // Every page of users, by name (a team may have more than one page).
      var addOwners = function (pageNo) {
        api("GET", "/auth/users?size=200&page=" + pageNo).then(function (page) {
          page.users.filter(function (u) { return u.active; }).forEach(function (u) {
            var o = document.createElement("option");
            o.value = u.id; o.textContent = u.displayName + " (" + u.email + ")";
            owners.appendChild(o);
          });
          if ((pageNo + 1) * 200 < page.total && pageNo < 49) { addOwners(pageNo + 1); }
        }).catch(function (e) { status(af, "Traders could not be listed: " + e.message, true); });
      };
      addOwners(0);
    }
    var cards = document.querySelectorAll("article[data-account]");
    var fillManage = function (card, account) {
      var form = card.querySelector("form.account-edit");
      form.elements.label.value = account.label || "";
      ["profitTargetPct", "maxDailyLossPct", "maxTotalLossPct", "minTradingDays", "dailyResetTime", "dailyResetZone"]
        .forEach(function (k) { var v = account.rules[k]; form.elements[k].value = v === null || v === undefined ? "" : v; });
      form.elements.polling.checked = account.polling;
    };
    cards.forEach(function (card) {
      var form = card.querySelector("form.account-edit");
      var id = card.getAttribute("data-account");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var body = { label: form.elements.label.value, polling: form.elements.polling.checked,
          dailyResetTime: form.elements.dailyResetTime.value, dailyResetZone: form.elements.dailyResetZone.value };
        ["profitTargetPct", "maxDailyLossPct", "maxTotalLossPct", "minTradingDays"].forEach(function (k) {
          if (form.elements[k].value !== "") { body[k] = Number(form.elements[k].value); }
        });
        api("PATCH", "/api/accounts/" + encodeURIComponent(id), body).then(function (account) {
          card.querySelector(".name").textContent = account.label;
          fillManage(card, account);
          showStatus(card, account);
          status(form, account.polling ? "Saved. Widgets show the change with the next sync." : "Saved. Polling is paused.");
        }).catch(function (e) { status(form, e.message, true); });
      });
      card.querySelector("button.delete-account").addEventListener("click", function () {
        var name = card.querySelector(".name").textContent;
        if (!confirm("Delete " + name + "? Its history goes, and its widgets will say it is gone.")) { return; }
        api("DELETE", "/api/accounts/" + encodeURIComponent(id))
          .then(function () { card.remove(); })
          .catch(function (e) { status(form, e.message, true); });
      });
    });
    // How long ago, in words; the exact UTC time goes in the title.
    var ago = function (iso) {
      var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
      if (s < 60) { return s + " s ago"; }
      if (s < 3600) { return Math.floor(s / 60) + " min ago"; }
      if (s < 86400) { return Math.floor(s / 3600) + " h ago"; }
      return Math.floor(s / 86400) + " d ago";
    };
    // The provider's status from account-service: last good sync, stale, last error, circuit.
    var showStatus = function (card, account) {
      var box = card.querySelector(".provider-status");
      var st = account.status;
      if (!box || !st) { return; }
      box.textContent = "";
      var add = function (tag, cls, text) {
        var el = document.createElement(tag);
        if (cls) { el.className = cls; }
        el.textContent = text;
        box.appendChild(el);
        return el;
      };
      add("span", "", st.lastSyncAt ? "provider synced " : "not synced with the provider yet");
      if (st.lastSyncAt) {
        var t = add("time", "last-sync", ago(st.lastSyncAt));
        t.setAttribute("datetime", st.lastSyncAt);
        t.title = st.lastSyncAt.replace("T", " ").replace(/\.\d+/, "").replace("Z", " UTC");
      }
      if (!account.polling) { add("span", "warn", " · polling paused"); }
      else if (st.stale) { add("span", "warn stale-status", " · stale"); }
      if (st.circuitOpen) { add("span", "warn circuit-open", " · provider calls paused (circuit open)"); }
      if (st.lastError) { add("span", "provider-error", "Provider error: " + st.lastError); }
    };
    var loadAccounts = function (first) {
      // Names and rules from account-service: the label, or login and server.
      return api("GET", "/api/accounts").then(function (list) {
        list.forEach(function (account) {
          cards.forEach(function (card) {
            if (card.getAttribute("data-account") === account.id) {
              if (first) {
                card.querySelector(".name").textContent =
                  account.label || (account.login + " · " + account.server);
                fillManage(card, account);
              }
              showStatus(card, account);
            }
          });
        });
      }).catch(function () {});
    };
    if (cards.length) {
      loadAccounts(true);
      setInterval(function () { if (!document.hidden) { loadAccounts(false); } }, 15000);
      var ids = Array.prototype.map.call(cards, function (c) { return c.getAttribute("data-account"); });
      var show = function (key, card) {
        cards.forEach(function (el) {
          if (el.getAttribute("data-account") !== key) { return; }
          card.metrics.forEach(function (m) {
            var value = el.querySelector('.metric[data-key="' + m.key.replace(/[^A-Za-z]/g, "") + '"] .value');
            if (value) { value.textContent = m.value; }
          });
          var time = el.querySelector(".synced time");
          time.textContent = card.syncedAt;
          time.setAttribute("datetime", card.syncedAt);
          el.classList.toggle("stale", card.stale);
        });
      };
      var follow = function (delay) {
        var scheme = location.protocol === "https:" ? "wss://" : "ws://";
        var socket = new WebSocket(scheme + location.host + "/ws/account-stream");
        socket.onopen = function () {
          delay = 1000;
          // The stream takes at most 20 a connection: the first 20 accounts are followed live.
          socket.send(JSON.stringify({ accounts: ids.slice(0, 20) }));
        };
        socket.onmessage = function (event) {
          var message;
          try { message = JSON.parse(event.data); } catch (e) { return; }
          if (message.type === "account") {
            show(message.key, message.card);
          } else if (message.type === "subscribed") {
            Object.keys(message.cards || {}).forEach(function (key) { show(key, message.cards[key]); });
          }
        };
        socket.onclose = function () {
          setTimeout(function () { follow(Math.min(delay * 2, 30000)); }, delay);
        };
      };
      follow(1000);
    }
  }

  if (page === "builder") {
    var section = document.querySelector(".builder");
    var kind = section.getAttribute("data-kind");
    var form = document.getElementById("builder-form");
    var preview = document.getElementById("preview");
    var savedId = section.getAttribute("data-widget-id") || "";
    var NAMES = ["symbols", "symbol", "speed", "interval", "view", "range", "theme", "accent",
      "locale", "width", "height", "accountId", "size"];
    // Checkboxes and the value each sends when ticked.
    var CHECKS = { overlay: "true", spread: "1" };

    function options() {
      var result = {};
      NAMES.forEach(function (name) {
        var input = form.elements[name];
        if (!input || input.value === "") { return; }
        if ((name === "width" || name === "height") && !(Number(input.value) > 0)) { return; }
        // A rotating asset's chart range counts only when it shows charts.
        if (name === "range" && form.elements.view && form.elements.view.value !== "chart") { return; }
        result[name] = String(input.value).trim();
      });
      Object.keys(CHECKS).forEach(function (name) {
        if (form.elements[name] && form.elements[name].checked) { result[name] = CHECKS[name]; }
      });
      var fields = form.querySelectorAll("input[name=fields]:checked");
      if (fields.length) {
        result.fields = Array.prototype.map.call(fields, function (f) { return f.value; }).join(",");
      }
      return result;
    }

    function sites() {
      return form.elements.allowedSites.value.split(/\s+/).filter(Boolean);
    }

    function query(opts) {
      var params = new URLSearchParams();
      Object.keys(opts).forEach(function (k) { params.set(k, opts[k]); });
      return params.toString();
    }

    function embedCodes() {
      var rangeLabel = document.getElementById("range-label");
      if (rangeLabel && form.elements.view) { rangeLabel.hidden = form.elements.view.value !== "chart"; }
      var opts = options();
      var origin = location.origin;
      var div, src;
      if (savedId) {
        src = origin + "/widgets/w/" + savedId;
        div = '<div data-widgetforge="saved" data-id="' + savedId + '"></div>';
      } else {
        src = origin + "/widgets/" + kind + "?" + query(opts);
        div = '<div data-widgetforge="' + kind + '"';
        Object.keys(opts).forEach(function (k) {
          div += " data-" + k + '="' + opts[k].replace(/[&"<>]/g, function (c) {
            return { "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" }[c]; }) + '"';
        });
        div += "></div>";
      }
      var height = Number(opts.height) > 0 ? Number(opts.height)
        : (kind === "ticker" ? 40 : kind === "equity-curve" ? 340 : (kind === "mini-chart" || opts.view === "chart") ? 220 : 160);
      document.getElementById("embed-div").value =
        div + '\n<script async src="' + origin + '/embed.js"></script>';
      document.getElementById("embed-iframe").value =
        '<iframe src="' + src.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '" title="WidgetForge ' + kind +
        '" style="border:0;width:100%;height:' + height + 'px" loading="lazy"></iframe>';
      document.getElementById("embed-hint").textContent = savedId
        ? "Saved widget: only the sites on its list may embed it."
        : "Ad-hoc code: any site may embed it. Save the widget to restrict it to your sites.";
      var next = kind === "account" || kind === "equity-curve"
        ? (savedId ? "/widgets/w/" + savedId : "about:blank")
        : "/widgets/" + kind + "?" + query(opts);
      if (preview.getAttribute("src") !== next) { preview.setAttribute("src", next); }
    }

    var timer;
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(embedCodes, 300); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { kind: kind, name: form.elements.name.value, options: options(), allowedSites: sites() };
      var request = savedId ? api("PUT", "/api/widgets/" + savedId, body) : api("POST", "/api/widgets", body);
      request.then(function (widget) {
        savedId = widget.id;
        section.setAttribute("data-widget-id", savedId);
        history.replaceState(null, "", location.pathname + "?id=" + encodeURIComponent(savedId));
        status(form, "Saved.");
        preview.setAttribute("src", "about:blank");
        embedCodes();
      }).catch(function (e) { status(form, e.message, true); });
    });
    wireCopyButtons();
    var filter = document.getElementById("account-filter");
    if (filter && form.elements.accountId) {
      // An admin picks "trader → account" from every trader's: typing narrows the list.
      filter.addEventListener("input", function () {
        var select = form.elements.accountId, wantedText = filter.value.trim().toLowerCase(), first = null;
        select.querySelectorAll("option").forEach(function (o) {
          var match = !wantedText || o.textContent.toLowerCase().indexOf(wantedText) >= 0;
          o.hidden = !match; o.disabled = !match;
          if (match && !first) { first = o; }
        });
        select.querySelectorAll("optgroup").forEach(function (g) { g.hidden = !g.querySelector("option:not([hidden])"); });
        if (first && (!select.selectedOptions[0] || select.selectedOptions[0].hidden)) {
          select.value = first.value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }
    var wanted = new URLSearchParams(location.search).get("account");
    if (wanted && form.elements.accountId) { form.elements.accountId.value = wanted; }
    if (savedId) {
      api("GET", "/api/widgets/" + encodeURIComponent(savedId)).then(function (widget) {
        form.elements.name.value = widget.name;
        Object.keys(widget.options).forEach(function (k) {
          if (k === "fields") {
            var chosen = widget.options.fields.split(",");
            form.querySelectorAll("input[name=fields]").forEach(function (f) { f.checked = chosen.indexOf(f.value) >= 0; });
          } else if (CHECKS[k] && form.elements[k]) {
            form.elements[k].checked = widget.options[k] === "true" || widget.options[k] === "1";
          } else if (form.elements[k] instanceof Element && "value" in form.elements[k]) {
            form.elements[k].value = widget.options[k];
          }
        });
        form.elements.allowedSites.value = widget.allowedSites.join("\n");
        embedCodes();
      });
    } else {
      embedCodes();
    }
  }

  if (page === "admin") {
    wireCopyButtons();
    var users = document.querySelector("#users tbody");
    var userStatus = document.getElementById("user-status");
    var userQuery = document.getElementById("user-q");
    var pageSize = 25, userPage = 0;
    var say = function (text, bad) { userStatus.textContent = text; userStatus.classList.toggle("error", !!bad); };
    var showOnce = function (label, secret) {
      document.getElementById("one-time-label").textContent = label;
      document.getElementById("one-time-value").value = secret;
      document.getElementById("one-time").hidden = false;
    };
    var button = function (parent, text, label, action) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = text; b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      parent.appendChild(b);
      return b;
    };
    var userUrl = function (user, tail) { return "/auth/users/" + encodeURIComponent(user.id) + tail; };
    var latestLoad = 0;
    var loadUsers = function () {
      var q = userQuery.value.trim();
      var mine = ++latestLoad;
      api("GET", "/auth/users?page=" + userPage + "&size=" + pageSize + (q ? "&q=" + encodeURIComponent(q) : "")).then(function (data) {
        if (mine !== latestLoad) { return; } // a newer search has been asked for
        users.textContent = "";
        var pages = Math.max(1, Math.ceil(data.total / pageSize));
        document.getElementById("users-page").textContent = "Page " + (userPage + 1) + " of " + pages + " · " + data.total + " users";
        document.getElementById("users-prev").disabled = userPage === 0;
        document.getElementById("users-next").disabled = userPage + 1 >= pages;
        data.users.forEach(function (user) {
          var row = document.createElement("tr");
          row.setAttribute("data-user", user.email);
          var nameCell = cell(row, user.displayName);
          cell(row, user.email);
          var role = document.createElement("select");
          role.setAttribute("aria-label", "Role of " + user.displayName);
          ["trader", "admin"].forEach(function (r) {
            var o = document.createElement("option"); o.textContent = r; o.selected = r === user.role; role.appendChild(o);
          });
          role.addEventListener("change", function () {
            api("PUT", userUrl(user, "/role"), { role: role.value })
              .then(function () { say(user.displayName + " is now " + role.value + "; their sessions ended."); loadUsers(); })
              .catch(function (e) { role.value = user.role; say(e.message, true); });
          });
          cell(row, "").appendChild(role);
          cell(row, user.active ? "yes" : "no");
          var actions = cell(row, "");
          actions.className = "actions";
          button(actions, "Rename", "Rename " + user.displayName, function () {
            var input = document.createElement("input");
            input.value = user.displayName; input.maxLength = 100;
            input.setAttribute("aria-label", "New name for " + user.displayName);
            nameCell.textContent = "";
            nameCell.appendChild(input);
            button(nameCell, "Save", "Save the new name", function () {
              api("PUT", userUrl(user, "/display-name"), { displayName: input.value })
                .then(function (u) { say("Renamed to " + u.displayName + "."); loadUsers(); })
                .catch(function (e) { say(e.message, true); });
            });
            input.focus();
          });
          button(actions, "Reset password", "Reset the password of " + user.displayName, function () {
            if (!confirm("Reset the password of " + user.displayName + "? Their sessions end.")) { return; }
            api("POST", userUrl(user, "/password-reset"), {})
              .then(function (reset) {
                showOnce("One-time password for " + user.displayName + " (shown once; they choose their own at sign-in):", reset.oneTimePassword);
                say("Password reset for " + user.displayName + ".");
              })
              .catch(function (e) { say(e.message, true); });
          });
          button(actions, "Sessions", "Sessions of " + user.displayName, function () {
            api("GET", userUrl(user, "/sessions")).then(function (open) {
              say(user.displayName + " has " + open.length + " open session" + (open.length === 1 ? "" : "s") + ".");
              if (open.length && confirm("End all " + open.length + " sessions of " + user.displayName + "?")) {
                api("DELETE", userUrl(user, "/sessions"))
                  .then(function (ended) { say("Ended " + ended.sessions + " sessions of " + user.displayName + "."); })
                  .catch(function (e) { say(e.message, true); });
              }
            }).catch(function (e) { say(e.message, true); });
          });
          button(actions, user.active ? "Disable" : "Enable", (user.active ? "Disable " : "Enable ") + user.displayName, function () {
            api("POST", userUrl(user, user.active ? "/disable" : "/enable"))
              .then(loadUsers).catch(function (e) { say(e.message, true); });
          });
          users.appendChild(row);
        });
      }).catch(function (e) { say(e.message, true); });
    };
    var searchTimer = null;
    userQuery.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { userPage = 0; loadUsers(); }, 250);
    });
    document.getElementById("user-search").addEventListener("submit", function (event) { event.preventDefault(); userPage = 0; loadUsers(); });
    document.getElementById("users-prev").addEventListener("click", function () { userPage = Math.max(0, userPage - 1); loadUsers(); });
    document.getElementById("users-next").addEventListener("click", function () { userPage++; loadUsers(); });
    loadUsers();
    var uf = document.getElementById("user-form");
    uf.addEventListener("submit", function (event) {
      event.preventDefault();
      api("POST", "/auth/users", { email: uf.email.value, displayName: uf.displayName.value, role: uf.role.value })
        .then(function (created) {
          status(uf, "Created " + created.user.displayName + ".");
          showOnce("One-time password for " + created.user.displayName + " (shown once; they choose their own at sign-in):", created.oneTimePassword || "");
          uf.reset();
          loadUsers();
        })
        .catch(function (e) { status(uf, e.message, true); });
    });
    var keys = document.querySelector("#api-keys tbody");
    var when = function (instant) { return instant ? new Date(instant).toLocaleString() : "–"; };
    var loadKeys = function () {
      api("GET", "/auth/api-keys").then(function (list) {
        keys.textContent = "";
        list.forEach(function (key) {
          var row = document.createElement("tr");
          row.setAttribute("data-key", key.name);
          cell(row, key.name); cell(row, key.scope); cell(row, when(key.createdAt));
          cell(row, when(key.expiresAt)); cell(row, when(key.lastUsedAt));
          var expired = key.expiresAt && new Date(key.expiresAt) < new Date();
          var state = key.revokedAt ? "revoked" : expired ? "expired" : "active";
          cell(row, key.provisioned ? state + ", provisioned" : state);
          var actions = cell(row, "");
          if (!key.revokedAt) {
            button(actions, "Revoke", "Revoke the key " + key.name, function () {
              var question = "Revoke the key " + key.name + "? Whatever uses it stops working.";
              if (key.provisioned) {
                question += " It comes from auth-service's configuration and stays revoked until its secret there is changed.";
              }
              if (!confirm(question)) { return; }
              api("DELETE", "/auth/api-keys/" + encodeURIComponent(key.id)).then(loadKeys)
                .catch(function (e) { status(kf, e.message, true); });
            });
          }
          keys.appendChild(row);
        });
      }).catch(function (e) { keys.textContent = e.message; });
    };
    loadKeys();
    var kf = document.getElementById("key-form");
    kf.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { name: kf.elements.name.value, scope: kf.elements.scope.value };
      if (kf.elements.expires.value) { body.expiresAt = kf.elements.expires.value + "T23:59:59Z"; }
      api("POST", "/auth/api-keys", body).then(function (created) {
        document.getElementById("key-secret-value").value = created.secret;
        document.getElementById("key-secret").hidden = false;
        status(kf, "Created " + created.key.name + ".");
        kf.reset();
        loadKeys();
      }).catch(function (e) { status(kf, e.message, true); });
    });
    var terminals = document.querySelector("#terminals tbody");
    var loadTerminals = function () {
      api("GET", "/api/prices/terminals").then(function (list) {
        terminals.textContent = "";
        list.forEach(function (t) {
          var row = document.createElement("tr");
          row.className = "state-" + String(t.state).replace(/[^a-z]/g, "");
          cell(row, t.terminalId); cell(row, t.state);
          cell(row, t.sinceMsc ? new Date(t.sinceMsc).toLocaleString() : "–"); cell(row, t.message);
          cell(row, t.lastError || "–"); cell(row, t.serverClock || "–");
          cell(row, t.symbols && t.symbols.length ? t.symbols.length + ": " + t.symbols.slice(0, 8).join(", ") + (t.symbols.length > 8 ? ", …" : "") : "–");
          terminals.appendChild(row);
        });
      }).catch(function (e) { terminals.textContent = e.message; });
    };
    loadTerminals();
    setInterval(loadTerminals, 5000);
    var all = document.querySelector("#all-widgets tbody");
    api("GET", "/api/widgets?all=true").then(function (list) {
      list.forEach(function (w) {
        var row = document.createElement("tr");
        var name = cell(row, "");
        var link = document.createElement("a");
        link.href = "/widgets/w/" + encodeURIComponent(w.id);
        link.textContent = w.name;
        name.appendChild(link);
        cell(row, w.kind); cell(row, w.ownerName); cell(row, new Date(w.updatedAt).toLocaleString());
        all.appendChild(row);
      });
    });
  }
})();
