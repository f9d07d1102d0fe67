/*
 * Draws the plotly charts on a page. Plain script (no module, no inline code,
 * so it works under a strict Content-Security-Policy):
 *
 *   <div class="app-chart" data-figure="chart-deficit"></div>
 *   {{ figure|json_script:"chart-deficit" }}    // {"data": [...], "layout": {...}}
 *   <script defer src="{% static 'js/vendor/plotly-charts.min.js' %}"></script>
 *   <script defer src="{% static 'js/charts.js' %}"></script>
 *
 * Each chart has a data table beside it; when plotly.js is missing or a figure
 * cannot be read, nothing is drawn and the table is the content.
 * After drawing, the element gets data-rendered="true" ("false" if not drawn).
 */
(function () {
  "use strict";

  // plotly.js 3+ calls the cloud button "sendChartToCloud" and shows it by
  // default: remove it under both names, never offer to upload council data.
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    showLink: false,
    modeBarButtonsToRemove: ["sendDataToCloud", "sendChartToCloud"]
  };

  function notDrawn(el) {
    el.dataset.rendered = "false";
  }

  // Below this width a figure's "narrow" variant (built in Python: projections/charts.py) is drawn:
  // wrapped shorter labels, a waterfall running down the page, fewer ticks.
  var NARROW_BELOW = 640;

  function isNarrow(el) {
    return el.getBoundingClientRect().width < NARROW_BELOW;
  }

  function merge(target, extra) {
    var out = {};
    var key;
    for (key in target) {
      if (Object.prototype.hasOwnProperty.call(target, key)) out[key] = target[key];
    }
    for (key in extra) {
      if (!Object.prototype.hasOwnProperty.call(extra, key)) continue;
      var value = extra[key];
      if (value && typeof value === "object" && !Array.isArray(value) &&
          out[key] && typeof out[key] === "object" && !Array.isArray(out[key])) {
        out[key] = merge(out[key], value);
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  function variant(fig, narrow) {
    var data = fig.data;
    var layout = fig.layout || {};
    if (narrow && fig.narrow) {
      var extraData = fig.narrow.data || [];
      data = data.map(function (trace, i) {
        return extraData[i] ? merge(trace, extraData[i]) : trace;
      });
      layout = merge(layout, fig.narrow.layout || {});
    }
    return { data: data, layout: layout };
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.figure);
    var fig;
    if (!source) {
      notDrawn(el);
      return;
    }
    try {
      fig = JSON.parse(source.textContent);
    } catch (e) {
      notDrawn(el);
      return;
    }
    if (!fig || !Array.isArray(fig.data)) {
      notDrawn(el);
      return;
    }
    var narrow = isNarrow(el);
    var shown = variant(fig, narrow);
    el.dataset.narrow = narrow ? "true" : "false";
    var done = function () {
      el.dataset.rendered = "true";
      applyBound(el);
    };
    var failed = function () {
      notDrawn(el);
    };
    try {
      var result = window.Plotly.newPlot(el, shown.data, shown.layout, CONFIG);
      if (result && typeof result.then === "function") {
        result.then(done, failed);
      } else {
        done();
      }
    } catch (e) {
      failed();
    }
  }

  // "Show: both bounds / upper / lower" (reports/includes/chart.html): hide the other bound's lines.
  function chosenBound(key) {
    var checked = document.querySelector('input[name="' + key + '-bound"]:checked');
    return checked ? checked.value : "both";
  }

  function applyBound(el) {
    var key = el.dataset.figure;
    if (!document.querySelector('[data-bound-switch="' + key + '"]') || !el.data) return;
    var bound = chosenBound(key);
    var visible = el.data.map(function (trace) {
      var own = trace.meta && trace.meta.bound;
      return !own || bound === "both" || own === bound || own === "single";
    });
    window.Plotly.restyle(el, { visible: visible });
  }

  function wireBoundSwitches() {
    var switches = document.querySelectorAll("[data-bound-switch]");
    for (var i = 0; i < switches.length; i++) {
      var box = switches[i];
      var el = document.querySelector('.app-chart[data-figure="' + box.dataset.boundSwitch + '"]');
      if (!el) continue;
      box.hidden = false; // only useful once the chart can be drawn
      box.addEventListener("change", (function (chart) {
        return function () {
          if (chart.dataset.rendered === "true") applyBound(chart);
        };
      })(el));
    }
  }

  // Tables that fit need no "scroll sideways" hint.
  function markFittingTables() {
    var boxes = document.querySelectorAll(".app-table-scroll");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].dataset.fits = boxes[i].scrollWidth <= boxes[i].clientWidth + 1 ? "true" : "false";
    }
  }

  var resizeTimer = null;

  function redrawIfCrossed() {
    markFittingTables();
    var charts = document.querySelectorAll('.app-chart[data-rendered="true"]');
    for (var i = 0; i < charts.length; i++) {
      var el = charts[i];
      if ((el.dataset.narrow === "true") !== isNarrow(el)) {
        draw(el);
      }
    }
  }

  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(redrawIfCrossed, 200);
  });

  function drawAll() {
    markFittingTables();
    var charts = document.querySelectorAll(".app-chart[data-figure]");
    if (window.Plotly && typeof window.Plotly.newPlot === "function") {
      wireBoundSwitches();
    }
    for (var i = 0; i < charts.length; i++) {
      if (!window.Plotly || typeof window.Plotly.newPlot !== "function") {
        notDrawn(charts[i]);
      } else {
        draw(charts[i]);
      }
    }
  }

  // Printing (A4, 15mm margins: 180mm ≈ 680 CSS px wide): a chart drawn wider
  // than the page would be cut off, so redraw it at page width, and give it
  // back its responsive width afterwards. Charts with a fixed layout.width are
  // left alone.
  var PRINT_WIDTH = 680;

  function forPrint(printing) {
    if (!window.Plotly || typeof window.Plotly.relayout !== "function") {
      return;
    }
    var charts = document.querySelectorAll('.app-chart[data-rendered="true"]');
    for (var i = 0; i < charts.length; i++) {
      var el = charts[i];
      try {
        if (printing) {
          var fixedWidth = el.layout && el.layout.width;
          if (!fixedWidth && el.getBoundingClientRect().width > PRINT_WIDTH) {
            el.dataset.printResized = "true";
            window.Plotly.relayout(el, { width: PRINT_WIDTH });
          }
        } else if (el.dataset.printResized) {
          delete el.dataset.printResized;
          window.Plotly.relayout(el, { width: null, autosize: true });
        }
      } catch (e) {
        // Leave the chart as it is.
      }
    }
  }

  window.addEventListener("beforeprint", function () {
    forPrint(true);
  });
  window.addEventListener("afterprint", function () {
    forPrint(false);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
