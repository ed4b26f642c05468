// The published report's PDF box (templates/results/pdf_control.html): while a build runs, polls its
// progress JSON (poll-progress.js), moves the bar, and shows the download button once the file is ready.
(function () {
  "use strict";
  var script = document.currentScript;
  var box = document.querySelector("[data-pdf-progress]");
  if (!box || box.getAttribute("data-done") === "true") return;
  var bar = box.querySelector("[data-pdf-bar]");
  var fill = bar.querySelector(".progress-bar");

  function show(data) {
    var percent = data.percent || 0;
    bar.setAttribute("aria-valuenow", percent);
    fill.style.width = percent + "%";
    if (!data.done) return;
    box.querySelector("[data-pdf-bar-box]").classList.add("d-none");
    var text = box.querySelector("[data-pdf-text]");
    if (data.status === "ready") {
      box.querySelector("[data-pdf-download]").classList.remove("d-none");
      text.textContent = script.getAttribute("data-ready");
    } else {
      var start = box.querySelector("[data-pdf-start]");
      if (start) start.hidden = false;
      if (data.status === "failed") text.textContent = script.getAttribute("data-failed");
    }
  }

  window.pollProgress(box.getAttribute("data-url"), show, 1000);
})();
