// WidgetForge mini chart (also each card of a rotating asset with view=chart): a symbol's history
// from /api/prices/{symbol}/history, drawn with uPlot, then moved by the live ticks widget.js
// receives (the "widgetforge:tick" event); a closed market (the "widgetforge:market" event, from a
// market message or a tick's market field) mutes the chart.
// Writes only textContent, classes, attributes and element.style; talks only to its own origin.
(function () {
  "use strict";
  var locale = document.body.dataset.locale || "en";
  var percent = new Intl.NumberFormat(locale, { style: "percent",
    minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "always" });

  // One chart per .mini card: the mini chart's own, or each card of a rotating asset (view=chart),
  // which loads its history when it is first shown.
  function miniChart(card) {
    var plot = card.querySelector(".plot");
    var status = card.querySelector(".status");
    var change = card.querySelector(".change");
    var symbol = card.getAttribute("data-symbol");
    var digits = Number(card.getAttribute("data-digits")) || 5;
    var step = Number(plot.dataset.step);
    var span = Number(plot.dataset.span);
    var times = [];
    var closes = [];
    var firstOpen = null;
    var pendingTick = null;
    var loaded = false;
    var chart = null;
    var drawScheduled = false;
    var retryDelay = 10000;
    var started = false;
    var formats = {};

    function price(value) {
      if (!formats[digits]) {
        formats[digits] = new Intl.NumberFormat(locale, {
          minimumFractionDigits: digits, maximumFractionDigits: digits });
      }
      return formats[digits].format(value);
    }

    function colour(name, fallback) {
      return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
    }

    function size() {
      return { width: Math.max(100, plot.clientWidth), height: Math.max(40, plot.clientHeight) };
    }

    function create() {
      var text = getComputedStyle(document.body).color;
      var accent = colour("--accent", "#2f81f7");
      var axis = { stroke: text, grid: { stroke: "rgba(128,128,128,0.2)", width: 1 },
                   ticks: { show: false }, font: "11px system-ui, sans-serif" };
      var opts = size();
      opts.legend = { show: false };
      opts.cursor = { show: false };
      opts.series = [{}, { stroke: accent, width: 1.5, fill: accent + "22",
                           points: { show: false } }];
      opts.axes = [axis, Object.assign({}, axis, {
        size: 70,
        values: function (u, values) { return values.map(price); } })];
      chart = new uPlot(opts, [times, closes], plot);
      window.addEventListener("resize", function () { chart.setSize(size()); });
    }

    function draw() {
      drawScheduled = false;
      if (!chart) {
        create();
      } else {
        chart.setData([times, closes]);
      }
      plot.setAttribute("data-points", String(times.length));
      if (closes.length) {
        plot.setAttribute("data-last", String(closes[closes.length - 1]));
      }
      showChange();
    }

    function scheduleDraw() {
      if (!drawScheduled) {
        drawScheduled = true;
        setTimeout(draw, 200);
      }
    }

    function showChange() {
      if (firstOpen === null || !closes.length) {
        change.textContent = "";
        return;
      }
      var pct = (closes[closes.length - 1] - firstOpen) / firstOpen;
      change.textContent = percent.format(pct);
      change.classList.toggle("up", pct > 0);
      change.classList.toggle("down", pct < 0);
    }

    // Moves the chart: the tick's bar is the last one (new close) or a new one after it.
    function onTick(tick) {
      if (tick.symbol !== symbol || typeof tick.bid !== "number") {
        return;
      }
      if (typeof tick.digits === "number") {
        digits = tick.digits;
      }
      if (!loaded) {
        pendingTick = tick;
        return;
      }
      var bar = Math.floor(tick.timeMsc / 1000 / step) * step;
      var last = times.length ? times[times.length - 1] : -Infinity;
      if (bar < last) {
        return;
      }
      if (bar === last) {
        closes[closes.length - 1] = tick.bid;
      } else {
        times.push(bar);
        closes.push(tick.bid);
        if (firstOpen === null) {
          firstOpen = tick.bid;
        }
        while (times.length > 1 && times[0] < bar - span) {
          times.shift();
          closes.shift();
        }
      }
      scheduleDraw();
    }

    function load() {
      var now = Math.floor(Date.now() / 1000);
      // From a bar boundary, so that reloads within one bar ask the same (cacheable) question.
      var from = Math.floor((now - span) / step) * step;
      var url = "/api/prices/" + encodeURIComponent(symbol) + "/history?timeframe="
        + encodeURIComponent(plot.dataset.timeframe) + "&from=" + new Date(from * 1000).toISOString()
        + "&limit=" + encodeURIComponent(plot.dataset.limit);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (history) {
          var bars = Array.isArray(history) ? history : (history && history.bars) || [];
          times = [];
          closes = [];
          bars.forEach(function (bar) {
            if (typeof bar.time === "number" && typeof bar.close === "number") {
              times.push(bar.time);
              closes.push(bar.close);
            }
          });
          firstOpen = bars.length && typeof bars[0].open === "number" ? bars[0].open
            : (closes.length ? closes[0] : null);
          if (history && typeof history.digits === "number") {
            digits = history.digits;
          }
          status.textContent = times.length ? "" : status.getAttribute("data-no-history") || "no history for this range yet";
          plot.classList.remove("unavailable");
          finishLoad();
        })
        .catch(function () {
          status.textContent = status.getAttribute("data-history-unavailable") || "history unavailable";
          plot.classList.add("unavailable");
          finishLoad();
          setTimeout(load, retryDelay);
          retryDelay = Math.min(retryDelay * 2, 120000);
        });
    }

    function finishLoad() {
      loaded = true;
      var tick = pendingTick;
      pendingTick = null;
      if (tick) {
        onTick(tick);
      }
      draw();
    }

    // widget.js marks the card (label, never "delayed" while closed); this marks the chart itself.
    function onMarket(state) {
      if (state.symbol !== symbol || (state.market !== "open" && state.market !== "closed")) {
        return;
      }
      plot.setAttribute("data-market", state.market);
      plot.classList.toggle("closed", state.market === "closed");
    }

    function start() {
      if (started || !card.getClientRects().length) {
        return;
      }
      started = true;
      if (typeof uPlot !== "function") {
        status.textContent = status.getAttribute("data-chart-unavailable") || "chart unavailable";
        return;
      }
      load();
    }

    document.addEventListener("widgetforge:tick", function (event) { onTick(event.detail); });
    document.addEventListener("widgetforge:market", function (event) { onMarket(event.detail); });
    document.addEventListener("widgetforge:shown", function (event) {
      if (event.detail !== card) {
        return;
      }
      start();
      if (chart) {
        chart.setSize(size());
      }
    });
    start();
  }

  document.querySelectorAll(".mini").forEach(miniChart);
})();
