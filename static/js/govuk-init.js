// Initialise GOV.UK Frontend components (accordion, error summary, header/service
// navigation, skip link, …). Loaded as an ES module:
//   <script type="module" src="{% static 'js/govuk-init.js' %}"></script>
// Module scripts only run in browsers GOV.UK Frontend supports, so the support
// class is (re)asserted here too, in case supported.js was not included.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
