// The GOV.UK Frontend components the pages use (see static/js/govuk-init.js), bundled by
// scripts/build-assets.sh: the full bundle also carries accordion, tabs, character count, exit-this-page…
export {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
} from "govuk-frontend";
