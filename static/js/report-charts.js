// Draws every chart of the report from its JSON data block (see assessment/results/charts/base.py); on a
// phone, a chart's phone figure (ranked bars instead of a heatmap or a radar) when it has one.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 575.98px)").matches;
  document.querySelectorAll('script[type="application/json"][id$="-figure"]').forEach(function (block) {
    if (/-phone-figure$/.test(block.id)) return;
    var key = block.id.replace(/-figure$/, "");
    var target = document.getElementById(key);
    if (!target || !window.Plotly) return;
    var phoneBlock = phone && document.getElementById(key + "-phone-figure");
    var figure = JSON.parse((phoneBlock || block).textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, figure.config);
  });
})();
