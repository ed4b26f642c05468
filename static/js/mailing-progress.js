// The campaign page's live progress bar: polls the latest mailing's JSON (poll-progress.js) until it is done.
(function () {
  var box = document.querySelector("[data-mailing-progress]");
  if (!box || box.getAttribute("data-done") === "true") return;
  var bar = box.querySelector("[data-mailing-bar]");
  var fill = bar.querySelector(".progress-bar");
  var text = box.querySelector("[data-mailing-text]");

  function show(data) {
    var percent = data.percent || 0;
    bar.setAttribute("aria-valuenow", percent);
    fill.style.width = percent + "%";
    fill.textContent = percent + " %";
    text.textContent = data.text;  // written by the server, in the reader's language
    if (data.done) {
      fill.classList.remove("progress-bar-striped", "progress-bar-animated");
      fill.classList.add("bg-success");
    }
  }

  window.pollProgress(box.getAttribute("data-url"), show, 2000);
})();
