// The report's own plotly.js: the core and the three trace types its charts use (bar, heatmap, scatterpolar).
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/heatmap"), require("plotly.js/lib/scatterpolar")]);
module.exports = Plotly;
