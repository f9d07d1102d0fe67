/*
 * Draws the plotly charts on a page. Plain script (no module, no inline code,
 * so it works under a strict Content-Security-Policy):
 *
 *   <div class="app-chart" data-figure="chart-deficit"></div>
 *   {{ figure|json_script:"chart-deficit" }}    // {"data": [...], "layout": {...}}
 *   <script defer src="{% static 'js/vendor/plotly-finance.min.js' %}"></script>
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
    var layout = fig.layout || {};
    var done = function () {
      el.dataset.rendered = "true";
    };
    var failed = function () {
      notDrawn(el);
    };
    try {
      var result = window.Plotly.newPlot(el, fig.data, layout, CONFIG);
      if (result && typeof result.then === "function") {
        result.then(done, failed);
      } else {
        done();
      }
    } catch (e) {
      failed();
    }
  }

  function drawAll() {
    var charts = document.querySelectorAll(".app-chart[data-figure]");
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
