// A long task's progress: polls its JSON every 2 s, handing each reply to show(), until the reply says it is
// done. Shared by the campaign page's mailing bar and the published report's PDF box.
window.pollProgress = function (url, show, firstDelay) {
  "use strict";
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (data) {
        if (data) show(data);
        if (!data || !data.done) setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, firstDelay);
};
