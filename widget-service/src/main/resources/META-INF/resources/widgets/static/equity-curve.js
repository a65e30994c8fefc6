// WidgetForge equity curve: an account's balance and equity over the widget's range, from
// /widgets/account/{token}/history, drawn with uPlot like the mini chart, with today's daily-loss
// limit as a dashed line. account.js keeps the figures live over /ws/account-stream and passes on
// each new snapshot's point ("widgetforge:account"), which is appended here.
// Writes only textContent, classes, attributes and element.style; talks only to its own origin.
(function () {
  "use strict";
  var data = document.body.dataset;
  var section = document.querySelector(".curve");
  var plot = section.querySelector(".plot");
  var status = section.querySelector(".status");
  var token = data.token;
  var locale = data.locale || "en";
  var span = Number(plot.dataset.span) || 604800;
  var MAX_POINTS = 5000;
  var times = [];
  var balance = [];
  var equity = [];
  var floor = num(plot.dataset.floor);
  var pending = [];
  var loaded = false;
  var chart = null;
  var drawScheduled = false;
  var retryDelay = 10000;
  var money;
  try {
    money = new Intl.NumberFormat(locale, { style: "currency", currency: plot.dataset.currency || "USD",
      notation: "compact", maximumFractionDigits: 1 });
  } catch (e) {
    money = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  }

  function num(value) {
    return value === undefined || value === null || value === "" || isNaN(Number(value)) ? null : Number(value);
  }

  function colour(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  }

  function size() {
    return { width: Math.max(100, plot.clientWidth), height: Math.max(60, plot.clientHeight) };
  }

  function series() {
    var floors = times.map(function () { return floor; });
    return [times, balance, equity, floors];
  }

  function create() {
    var text = getComputedStyle(document.body).color;
    var accent = colour("--accent", "#2f81f7");
    var axis = { stroke: text, grid: { stroke: "rgba(128,128,128,0.2)", width: 1 },
                 ticks: { show: false }, font: "11px system-ui, sans-serif" };
    var opts = size();
    opts.legend = { show: false };
    opts.cursor = { show: false };
    opts.series = [{},
      { label: plot.dataset.labelBalance, stroke: "#8b949e", width: 1.5, points: { show: false } },
      { label: plot.dataset.labelEquity, stroke: accent, width: 1.5, fill: accent + "22", points: { show: false } },
      { label: plot.dataset.labelFloor, stroke: colour("--down", "#cf222e"), width: 1, dash: [6, 4],
        points: { show: false } }];
    opts.axes = [axis, Object.assign({}, axis, {
      size: 64,
      values: function (u, values) { return values.map(function (v) { return money.format(v); }); } })];
    chart = new uPlot(opts, series(), plot);
    window.addEventListener("resize", function () { chart.setSize(size()); });
  }

  function draw() {
    drawScheduled = false;
    if (!chart) {
      create();
    } else {
      chart.setData(series());
    }
    plot.setAttribute("data-points", String(times.length));
    if (times.length) {
      plot.setAttribute("data-first-time", String(times[0]));
      plot.setAttribute("data-last-time", String(times[times.length - 1]));
      plot.setAttribute("data-last", String(equity[equity.length - 1]));
    }
    plot.setAttribute("data-floor", floor === null ? "" : String(floor));
  }

  function scheduleDraw() {
    if (!drawScheduled) {
      drawScheduled = true;
      setTimeout(draw, 200);
    }
  }

  // A snapshot's point: appended after the last one; points older than the range drop off.
  function append(point) {
    if (!point || typeof point.time !== "number" || typeof point.equity !== "number") {
      return;
    }
    if (!loaded) {
      pending.push(point);
      return;
    }
    if (point.floor !== undefined) {
      floor = typeof point.floor === "number" ? point.floor : null;
    }
    if (times.length && point.time <= times[times.length - 1]) {
      return;
    }
    times.push(point.time);
    balance.push(typeof point.balance === "number" ? point.balance : null);
    equity.push(point.equity);
    while (times.length > 1 && (times[0] < point.time - span || times.length > MAX_POINTS)) {
      times.shift();
      balance.shift();
      equity.shift();
    }
    scheduleDraw();
  }

  function finishLoad() {
    loaded = true;
    var waiting = pending;
    pending = [];
    waiting.forEach(append);
    draw();
  }

  function load() {
    fetch("/widgets/account/" + encodeURIComponent(token) + "/history",
      { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (response.status === 404) { throw new Error("removed"); }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (curve) {
        var live = { times: times, balance: balance, equity: equity };
        times = [];
        balance = [];
        equity = [];
        var t = curve.times || [], b = curve.balance || [], q = curve.equity || [];
        for (var i = 0; i < t.length && i < MAX_POINTS; i++) {
          if (typeof t[i] === "number" && typeof q[i] === "number") {
            times.push(t[i]);
            balance.push(typeof b[i] === "number" ? b[i] : null);
            equity.push(q[i]);
          }
        }
        // Points that arrived live while the history was loading, or before a retry, come after it.
        for (var j = 0; j < live.times.length; j++) {
          if (!times.length || live.times[j] > times[times.length - 1]) {
            times.push(live.times[j]);
            balance.push(live.balance[j]);
            equity.push(live.equity[j]);
          }
        }
        status.textContent = times.length ? "" : status.getAttribute("data-no-history");
        plot.classList.remove("unavailable");
        finishLoad();
      })
      .catch(function (error) {
        if (error && error.message === "removed") {
          section.classList.add("removed");
          status.textContent = status.getAttribute("data-removed");
          return;
        }
        status.textContent = status.getAttribute("data-history-unavailable");
        plot.classList.add("unavailable");
        finishLoad();
        setTimeout(load, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 120000);
      });
  }

  document.addEventListener("widgetforge:account", function (event) {
    var message = event.detail || {};
    if (message.key !== token) { return; }
    if (message.point) {
      append(message.point);
    } else if (message.card && !message.card.timeMsc) {
      // A card without a time or point: the account was deleted.
      section.classList.add("removed");
      status.textContent = status.getAttribute("data-removed");
    }
  });
  if (section.classList.contains("removed")) {
    return;
  }
  if (typeof uPlot !== "function") {
    status.textContent = status.getAttribute("data-chart-unavailable");
    return;
  }
  // The point the page was rendered with: drawn at once, kept if the history lacks it.
  var first = { time: num(plot.dataset.time), balance: num(plot.dataset.balance), equity: num(plot.dataset.equity) };
  if (first.time !== null && first.equity !== null) {
    times.push(first.time);
    balance.push(first.balance);
    equity.push(first.equity);
  }
  load();
})();
