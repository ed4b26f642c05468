// Draws the PDF report's charts (templates/results/print.html) from the report's JSON data blocks, at the
// width they print at, then marks the page (data-charts="drawn") for assessment/results/pdf.py to print it.
// plotly draws a heatmap as a bitmap: here its cells become rectangles, so every chart prints as vectors.
(function () {
  "use strict";

  function rgb(colour) {
    var hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
    if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
    var parts = /rgba?\(([^)]+)\)/.exec(colour);
    return parts ? parts[1].split(",").slice(0, 3).map(Number) : [128, 128, 128];
  }

  // The colour of value t (0-1) on a colour scale given as [[position, colour], ...].
  function colourAt(scale, t) {
    for (var i = 1; i < scale.length; i++) {
      if (t <= scale[i][0] || i === scale.length - 1) {
        var a = rgb(scale[i - 1][1]), b = rgb(scale[i][1]);
        var span = scale[i][0] - scale[i - 1][0] || 1;
        var f = Math.min(1, Math.max(0, (t - scale[i - 1][0]) / span));
        return [0, 1, 2].map(function (k) { return Math.round(a[k] + f * (b[k] - a[k])); });
      }
    }
    return rgb(scale[0][1]);
  }

  function vectorHeatmap(trace, layout) {
    var shapes = layout.shapes ? layout.shapes.slice() : [];
    var xs = [], ys = [], texts = [], inks = [];
    var low = trace.zmin === undefined ? 0 : trace.zmin, high = trace.zmax === undefined ? 100 : trace.zmax;
    trace.z.forEach(function (line, i) {
      line.forEach(function (value, j) {
        xs.push(trace.x[j]);
        ys.push(trace.y[i]);
        texts.push(trace.text ? trace.text[i][j] : value === null ? "" : String(value));
        if (value === null || value === undefined) { inks.push("#000"); return; }
        var c = colourAt(trace.colorscale, (value - low) / (high - low || 1));
        inks.push(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] < 140 ? "#fff" : "#000");
        shapes.push({
          type: "rect", xref: "x", yref: "y", layer: "below", x0: j - 0.5, x1: j + 0.5, y0: i - 0.5, y1: i + 0.5,
          fillcolor: "rgb(" + c.join(",") + ")", line: { color: "#fff", width: 1 }
        });
      });
    });
    layout.shapes = shapes;
    layout.xaxis = Object.assign({}, layout.xaxis, { range: [-0.5, trace.x.length - 0.5], autorange: false, showgrid: false, zeroline: false });
    layout.yaxis = Object.assign({}, layout.yaxis, { range: [trace.y.length - 0.5, -0.5], autorange: false, showgrid: false, zeroline: false });
    var cells = { type: "scatter", mode: "text", x: xs, y: ys, text: texts, textfont: { color: inks }, showlegend: false, hoverinfo: "skip" };
    var scale = {
      type: "scatter", mode: "markers", x: [trace.x[0]], y: [trace.y[0]], showlegend: false, hoverinfo: "skip",
      marker: { opacity: 0, color: [low, high], cmin: low, cmax: high, colorscale: trace.colorscale, showscale: true, colorbar: trace.colorbar }
    };
    return [cells, scale];
  }

  var root = document.documentElement;
  if (!window.Plotly && document.querySelector(".plotly-chart")) {
    root.setAttribute("data-charts", "failed");
    return;
  }
  var drawn = [];
  document.querySelectorAll('script[type="application/json"][id$="-figure"]').forEach(function (block) {
    if (/-phone-figure$/.test(block.id)) return;
    var target = document.getElementById(block.id.replace(/-figure$/, ""));
    if (!target) return;
    var figure = JSON.parse(block.textContent);
    var data = [];
    figure.data.forEach(function (trace) {
      data = data.concat(trace.type === "heatmap" ? vectorHeatmap(trace, figure.layout) : [trace]);
    });
    var config = Object.assign({}, figure.config, { staticPlot: true, responsive: false });
    drawn.push(window.Plotly.newPlot(target, data, figure.layout, config));
  });
  Promise.all(drawn).then(
    function () { root.setAttribute("data-charts", "drawn"); },
    function () { root.setAttribute("data-charts", "failed"); }
  );
})();
