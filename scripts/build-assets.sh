#!/bin/sh
# Build the front-end assets into static/ (the output is committed, so running
# the app needs no Node). Idempotent: re-running gives the same files.
#   scripts/build-assets.sh
# Needs Node 20+ and npm; reads package.json + package-lock.json.
set -eu

cd "$(dirname "$0")/.."

GOVUK=node_modules/govuk-frontend/dist/govuk
PLOTLY=static/js/vendor/plotly-charts.min.js

# 1. Exact versions from package-lock.json; no install scripts are needed
#    (sass is pure JS; its optional file watcher is unused).
npm ci --ignore-scripts --no-audit --no-fund

# 2. Remove previous generated output (hand-written static/js/*.js stay).
rm -rf static/govuk static/js/vendor
rm -f static/css/app.css static/css/plotly.css static/js/govuk-frontend.min.js
mkdir -p static/css static/js/vendor static/govuk/assets/images

# 3. GOV.UK Frontend compiled with Arial (no GDS Transport, no @font-face).
npx sass --no-source-map --no-error-css --style=compressed --load-path=node_modules \
  assets/scss/app.scss static/css/app.css
if grep -q -e "GDS Transport" -e "@font-face" static/css/app.css; then
  echo "build-assets: static/css/app.css contains GDS Transport / @font-face" >&2
  exit 1
fi

# 4. Icons: our own (every GOV.UK Frontend icon is the crown or the crest).
cp assets/images/favicon.ico assets/images/favicon.svg assets/images/icon-*.png \
  assets/images/icon-mask.svg static/govuk/assets/images/
cp assets/manifest.json static/govuk/assets/manifest.json

# 5. GOV.UK Frontend JS (ES module) with only the components the pages use (scripts/govuk-entry.mjs):
#    19 KB against 47 KB for the whole bundle. No source map: it is not shipped.
npx esbuild scripts/govuk-entry.mjs --bundle --format=esm --minify --legal-comments=none \
  --log-level=warning --outfile=static/js/govuk-frontend.min.js

# 6. plotly.js with only the traces the charts use (scatter, bar, waterfall): about 1.1 MB, 377 KB gzipped,
#    against 1.28 MB / 429 KB for the whole finance bundle. esbuild also writes a CSS file we do not ship.
npx esbuild scripts/plotly-entry.js --bundle --minify --format=iife --global-name=Plotly --legal-comments=eof --define:global=window \
  --outfile="$PLOTLY"
rm -f static/js/vendor/plotly-charts.min.css

# 7. plotly.js's global CSS as a static file, for a strict CSP (no inline
#    styles). Include it as
#      <link rel="stylesheet" href="{% static 'css/plotly.css' %}"
#            id="plotly.js-style-global" class="no-inline-styles">
#    and plotly.js skips injecting its <style> element.
node - "$PLOTLY" static/css/plotly.css <<'JS'
const fs = require("fs");
const [src, out] = process.argv.slice(2);
const js = fs.readFileSync(src, "utf8");
const start = js.indexOf('{"X,X div":');
if (start < 0) throw new Error("plotly.js global style rules not found");
// Walk to the matching closing brace, skipping over string literals.
let depth = 0, i = start, quote = null;
for (; i < js.length; i++) {
  const c = js[i];
  if (quote) { if (c === "\\") i++; else if (c === quote) quote = null; continue; }
  if (c === '"' || c === "'" || c === "`") quote = c;
  else if (c === "{") depth++;
  else if (c === "}" && --depth === 0) break;
}
const rules = JSON.parse(JSON.stringify(new Function("return " + js.slice(start, i + 1))()));
let css = "/* plotly.js global styles, extracted from plotly-charts.min.js by scripts/build-assets.sh */\n";
for (const [sel, decl] of Object.entries(rules)) {
  const full = sel.replace(/^,/, " ,").replace(/X/g, ".js-plotly-plot .plotly").replace(/Y/g, ".plotly-notifier");
  css += full + "{" + decl + "}\n";
}
fs.writeFileSync(out, css);
JS

echo "build-assets: done"
