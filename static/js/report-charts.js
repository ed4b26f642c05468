// Draws every chart of the report from its JSON data blocks (see assessment/results/charts/base.py). A chart
// with a narrow form (ranked bars instead of a heatmap, dots instead of a radar) shows it when the chart is
// narrower than that form's data-below width; on a phone the fonts are a size smaller.
(function () {
  "use strict";
  var PHONE = 576;
  document.querySelectorAll('script[type="application/json"][id$="-figure"]').forEach(function (block) {
    if (/-phone-figure$/.test(block.id)) return;
    var key = block.id.replace(/-figure$/, "");
    var target = document.getElementById(key);
    if (!target || !window.Plotly) return;
    var width = target.clientWidth || window.innerWidth;
    var narrow = document.getElementById(key + "-phone-figure");
    var chosen = narrow && width < Number(narrow.dataset.below || PHONE) ? narrow : block;
    // The sentence under the chart says how to read the form drawn.
    var phoneReading = document.querySelector('[data-phone-reading-of="' + key + '"]');
    var reading = document.querySelector('[data-reading-of="' + key + '"]');
    if (phoneReading && reading && chosen === narrow) {
      phoneReading.hidden = false;
      reading.hidden = true;
    }
    var figure = JSON.parse(chosen.textContent);
    if (width < PHONE && figure.layout.font) figure.layout.font.size = 11;
    window.Plotly.newPlot(target, figure.data, figure.layout, figure.config);
  });
})();
