// WidgetForge public widgets: keeps the server-rendered prices and market states live over
// /ws/price-stream. Writes only textContent, classes and attributes (never HTML), talks only to
// its own origin.
(function () {
  "use strict";
  var body = document.body;
  var data = body.dataset;
  var symbols = (data.symbols || "").split(",").filter(Boolean);
  var locale = data.locale || "en";
  var STALE_AFTER_MS = 30000;
  var formats = {};
  var markets = {};
  var percent = new Intl.NumberFormat(locale, { style: "percent",
    minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });

  if (/^#[0-9a-fA-F]{6}$/.test(data.accent || "")) {
    document.documentElement.style.setProperty("--accent", data.accent);
  }
  if (data.speed) {
    document.documentElement.style.setProperty("--duration", (60 / Number(data.speed)) * 4 + "s");
  }
  if (Number(data.width) > 0 && Number(data.height) > 0) {
    body.style.width = Number(data.width) + "px";
    body.style.height = Number(data.height) + "px";
  }

  function format(digits) {
    if (!formats[digits]) {
      formats[digits] = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    return formats[digits];
  }

  function elementsOf(symbol) {
    return document.querySelectorAll('[data-symbol="' + symbol.replace(/[^A-Za-z0-9._#-]/g, "") + '"]');
  }

  function label(el, selector, shown) {
    var node = el.querySelector(selector);
    if (node) {
      node.setAttribute("aria-hidden", shown ? "false" : "true");
    }
  }

  // Delayed: a price older than STALE_AFTER_MS, unless its market is closed (then it is the last
  // price, labelled "market closed").
  function mark(el) {
    var closed = el.classList.contains("closed");
    var time = Number(el.getAttribute("data-time"));
    var stale = !closed && (!time || Date.now() - time > STALE_AFTER_MS);
    el.classList.toggle("stale", stale);
    label(el, ".delayed", stale);
    label(el, ".market-closed", closed);
  }

  // A market message, or the market field of a tick: "open" or "closed".
  function applyMarket(symbol, market) {
    if (typeof symbol !== "string" || (market !== "open" && market !== "closed")) {
      return;
    }
    if (markets[symbol] !== market) {
      markets[symbol] = market;
      document.dispatchEvent(new CustomEvent("widgetforge:market",
        { detail: { symbol: symbol, market: market } }));
    }
    elementsOf(symbol).forEach(function (el) {
      el.classList.toggle("closed", market === "closed");
      mark(el);
    });
  }

  function signed(text, shown) {
    return (shown > 0 ? "+" : shown < 0 ? "-" : "") + text;
  }

  function show(node, selector, text) {
    var part = node.querySelector(selector);
    if (part) { part.textContent = text; }
  }

  // The day's change since the day open (data-day-open, from the page or the ticks), as the server
  // renders it: in whole points so the sign never contradicts the figure; sign, arrow and colour.
  function dayChange(el, tick) {
    var node = el.querySelector(".day-change");
    var spread = el.querySelector(".spread .points");
    var scale = Math.pow(10, tick.digits);
    if (spread) {
      spread.textContent = whole.format(Math.round((tick.ask - tick.bid) * scale));
    }
    if (!node) { return; }
    var open = Number(el.getAttribute("data-day-open"));
    if (!(open > 0)) {
      node.className = "day-change";
      show(node, ".arrow", "");
      show(node, ".abs", "");
      show(node, ".pct", "");
      return;
    }
    var points = Math.round((tick.bid - open) * scale);
    var ratio = (tick.bid - open) / open;
    var direction = points > 0 ? "up" : points < 0 ? "down" : "flat";
    node.className = "day-change " + direction;
    show(node, ".arrow", direction === "up" ? "\u25B2" : direction === "down" ? "\u25BC" : "");
    show(node, ".abs", signed(format(tick.digits).format(Math.abs(points / scale)), points));
    show(node, ".pct", signed(percent.format(Math.abs(ratio)), Math.round(ratio * 10000)));
  }

  // Every tick carries its day's open while price-service knows it; a new day brings a new one.
  function setDayOpen(el, dayOpen) {
    if (el.hasAttribute("data-day-open")) {
      el.setAttribute("data-day-open", typeof dayOpen === "number" ? String(dayOpen) : "");
    }
  }

  // A day message: a new day open without a new price; the change is recomputed from the last.
  function applyDayOpen(message) {
    elementsOf(String(message.symbol)).forEach(function (el) {
      setDayOpen(el, message.dayOpen);
      var bid = Number(el.getAttribute("data-bid"));
      var ask = Number(el.getAttribute("data-ask"));
      if (bid > 0) {
        dayChange(el, { bid: bid, ask: ask || bid, digits: Number(el.getAttribute("data-digits")) || 0 });
      }
    });
  }

  function apply(tick) {
    // Other scripts of the page (the mini chart) follow the same ticks without a socket of their own.
    document.dispatchEvent(new CustomEvent("widgetforge:tick", { detail: tick }));
    applyMarket(tick.symbol, tick.market);
    elementsOf(tick.symbol).forEach(function (el) {
      var bid = el.querySelector(".bid");
      var ask = el.querySelector(".ask");
      var previous = Number(el.getAttribute("data-bid"));
      var text = format(tick.digits).format(tick.bid);
      if (bid) {
        bid.textContent = text;
        bid.classList.toggle("up", previous && tick.bid > previous);
        bid.classList.toggle("down", previous && tick.bid < previous);
      }
      if (ask) {
        ask.textContent = format(tick.digits).format(tick.ask);
      }
      el.setAttribute("data-bid", String(tick.bid));
      el.setAttribute("data-ask", String(tick.ask));
      el.setAttribute("data-time", String(tick.timeMsc));
      setDayOpen(el, tick.dayOpen);
      dayChange(el, tick);
      mark(el);
    });
  }

  function markStale() {
    document.querySelectorAll("[data-symbol]").forEach(mark);
  }

  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/price-stream");
    socket.onopen = function () {
      delay = 1000;
      socket.send(JSON.stringify({ subscribe: symbols }));
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "tick") {
        apply(message);
      } else if (message.type === "market") {
        applyMarket(message.symbol, message.market);
      } else if (message.type === "day") {
        applyDayOpen(message);
      } else if (message.type === "ticks" || message.type === "subscribed" || message.type === "snapshot") {
        (message.ticks || []).forEach(apply);
      }
    };
    socket.onclose = function () {
      setTimeout(function () { connect(Math.min(delay * 2, 30000)); }, delay);
    };
  }

  function reportSize() {
    if (window.parent !== window) {
      window.parent.postMessage({ widgetforge: "size", height: document.documentElement.scrollHeight }, "*");
    }
  }

  if (data.kind === "ticker") {
    // A second copy of the items follows the first, so the tape is never empty while it loops.
    var track = document.querySelector(".track");
    Array.prototype.slice.call(track.children).forEach(function (item) {
      var copy = item.cloneNode(true);
      copy.setAttribute("aria-hidden", "true");
      track.appendChild(copy);
    });
  }

  if (data.kind === "rotating") {
    var cards = document.querySelectorAll(".rotator .card");
    var shown = 0;
    setInterval(function () {
      if (cards.length < 2) { return; }
      cards[shown].classList.remove("active");
      shown = (shown + 1) % cards.length;
      cards[shown].classList.add("active");
      // A chart drawn while hidden has no size: the mini chart (re)draws the card now shown.
      document.dispatchEvent(new CustomEvent("widgetforge:shown", { detail: cards[shown] }));
    }, Math.max(2, Math.min(60, Number(data.interval) || 5)) * 1000);
  }

  setInterval(markStale, 5000);
  window.addEventListener("load", reportSize);
  window.addEventListener("resize", reportSize);
  if (symbols.length) {
    connect(1000);
  }
})();
