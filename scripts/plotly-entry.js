// The plotly.js the tracker ships: core (with scatter) and only the traces its charts use, bar and waterfall.
// scripts/build-assets.sh bundles it with esbuild into static/js/vendor/plotly-charts.min.js.
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/waterfall")]);
module.exports = Plotly;
