// Draws every chart of the report from its JSON data block (see assessment/results/charts/base.py).
(function () {
  "use strict";
  document.querySelectorAll('script[type="application/json"][id$="-figure"]').forEach(function (block) {
    var target = document.getElementById(block.id.replace(/-figure$/, ""));
    if (!target || !window.Plotly) return;
    var figure = JSON.parse(block.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, figure.config);
  });
})();
