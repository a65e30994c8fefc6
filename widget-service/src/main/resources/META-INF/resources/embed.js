// WidgetForge embed: <div data-widgetforge="ticker" data-symbols="EURUSD,XAUUSD"></div>
// <script async src="https://<your-widgetforge>/embed.js"></script>
// Each such element gets an iframe of the widget, sized to its content. A saved widget:
// <div data-widgetforge="saved" data-id="<widget id>"></div>
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script ? script.src : "/", location.href).origin;
  var KINDS = /^(ticker|quote|mini-chart|rotating-asset|saved)$/;
  var ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  function mount(el) {
    if (el.getAttribute("data-wf-mounted")) { return; }
    var kind = el.getAttribute("data-widgetforge");
    if (!KINDS.test(kind || "")) { return; }
    el.setAttribute("data-wf-mounted", "1");
    var params = new URLSearchParams();
    Array.prototype.forEach.call(el.attributes, function (attribute) {
      var name = attribute.name;
      if (name.indexOf("data-") === 0 && name !== "data-widgetforge" && name !== "data-wf-mounted") {
        params.set(name.slice(5), attribute.value);
      }
    });
    var frame = document.createElement("iframe");
    if (kind === "saved") {
      // A saved widget: its options and the sites allowed to embed it live on the server.
      if (!ID.test(params.get("id") || "")) { return; }
      frame.src = origin + "/widgets/w/" + params.get("id");
    } else {
      frame.src = origin + "/widgets/" + kind + "?" + params.toString();
    }
    frame.title = "WidgetForge " + kind;
    frame.loading = "lazy";
    frame.setAttribute("scrolling", "no");
    frame.style.border = "0";
    frame.style.width = "100%";
    frame.style.height = "40px";
    window.addEventListener("message", function (event) {
      if (event.origin === origin && event.source === frame.contentWindow
          && event.data && event.data.widgetforge === "size") {
        frame.style.height = Math.max(20, Math.min(2000, event.data.height | 0)) + "px";
      }
    });
    el.appendChild(frame);
  }

  document.querySelectorAll("[data-widgetforge]").forEach(mount);
})();
