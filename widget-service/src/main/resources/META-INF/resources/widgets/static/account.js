// WidgetForge account widget: keeps the server-rendered card live over /ws/account-stream.
// The server sends only the fields this widget shows, already formatted; this writes textContent.
(function () {
  "use strict";
  var data = document.body.dataset;
  var token = data.token;
  var staleAfter = Number(data.staleAfter) || 180000;
  var section = document.querySelector(".account");

  function show(card) {
    (card.metrics || []).forEach(function (metric) {
      var el = section.querySelector('.metric[data-key="' + String(metric.key).replace(/[^A-Za-z]/g, "") + '"]');
      if (!el) { return; }
      el.querySelector(".value").textContent = metric.value;
      var meter = el.querySelector("meter");
      if (meter && metric.meter !== null && metric.meter !== undefined) { meter.value = metric.meter; }
      var detail = el.querySelector(".detail");
      if (detail) { detail.textContent = metric.detail; }
    });
    if (card.displayName) { section.querySelector(".trader").textContent = card.displayName; }
    section.querySelector(".provider").textContent = card.provider;
    var synced = section.querySelector(".synced");
    if (synced && card.syncedAt) {
      synced.setAttribute("datetime", card.syncedAt);
      synced.textContent = new Date(card.timeMsc).toLocaleString(data.locale || "en");
    }
    section.setAttribute("data-time", String(card.timeMsc));
    section.classList.toggle("stale", !!card.stale);
  }

  function markStale() {
    var time = Number(section.getAttribute("data-time"));
    if (!time || Date.now() - time > staleAfter) { section.classList.add("stale"); }
  }

  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/account-stream");
    socket.onopen = function () {
      delay = 1000;
      socket.send(JSON.stringify({ widgets: [token] }));
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "account" && message.key === token) {
        show(message.card);
        // The equity curve (equity-curve.js) appends the message's point to its chart.
        document.dispatchEvent(new CustomEvent("widgetforge:account", { detail: message }));
      } else if (message.type === "subscribed" && message.cards && message.cards[token]) {
        show(message.cards[token]);
      }
    };
    socket.onclose = function () {
      setTimeout(function () { connect(Math.min(delay * 2, 30000)); }, delay);
    };
  }

  var synced = section.querySelector(".synced");
  if (synced) { synced.textContent = new Date(Number(section.getAttribute("data-time"))).toLocaleString(data.locale || "en"); }
  setInterval(markStale, 5000);
  if (token) { connect(1000); }
})();
