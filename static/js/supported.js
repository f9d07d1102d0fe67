/*
 * Marks the page as able to run GOV.UK Frontend JavaScript.
 *
 * Load as a classic script, first thing inside <body> (no defer/async), so the
 * classes are in place before the page paints:
 *   <body class="govuk-template__body">
 *   <script src="{% static 'js/supported.js' %}"></script>
 * (An external file, not the usual inline snippet, because of the strict CSP.)
 * GOV.UK Frontend only styles and initialises its JS components when <body>
 * has `govuk-frontend-supported`; it needs ES module support, hence the
 * `noModule` test. Without JavaScript the components stay usable as plain HTML.
 * It also opens closed <details> while the page is printed.
 */
(function () {
  "use strict";
  function mark(body) {
    body.classList.add("js-enabled");
    if ("noModule" in HTMLScriptElement.prototype) {
      body.classList.add("govuk-frontend-supported");
    }
  }
  // Printing: open every closed <details> (its content is then on paper),
  // and close them again afterwards.
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].setAttribute("open", "");
      closed[i].setAttribute("data-app-print-opened", "");
    }
  });
  window.addEventListener("afterprint", function () {
    var opened = document.querySelectorAll("details[data-app-print-opened]");
    for (var i = 0; i < opened.length; i++) {
      opened[i].removeAttribute("open");
      opened[i].removeAttribute("data-app-print-opened");
    }
  });

  if (document.body) {
    mark(document.body);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      mark(document.body);
    });
  }
})();
