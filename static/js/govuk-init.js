// Initialise the GOV.UK Frontend components the pages use (button, checkboxes, error summary,
// notification banner, radios, service navigation, skip link). Loaded as an ES module:
//   <script type="module" src="{% static 'js/govuk-init.js' %}"></script>
// Module scripts only run in browsers GOV.UK Frontend supports, so the support
// class is (re)asserted here too, in case supported.js was not included.
// static/js/govuk-frontend.min.js is built with only these (scripts/govuk-entry.mjs).
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
} from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
for (const Component of [Button, Checkboxes, ErrorSummary, NotificationBanner, Radios, ServiceNavigation, SkipLink]) {
  createAll(Component);
}
