// The campaign page's live progress bar: polls the latest mailing's JSON every 2 s until it is done.
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
    var failed = data.failed ? ", " + data.failed + " not delivered" : "";
    if (data.done) {
      text.textContent = "Done: " + data.sent + " sent" + failed + ".";
      fill.classList.remove("progress-bar-striped", "progress-bar-animated");
      fill.classList.add("bg-success");
    } else if (data.status === "queued") {
      text.textContent = "Queued: " + data.total + " to send.";
    } else {
      text.textContent = data.sent + " of " + data.total + " sent" + failed + ".";
    }
  }

  function poll() {
    fetch(box.getAttribute("data-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (data) {
        if (data) show(data);
        if (!data || !data.done) setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
})();
