// Moves the focus to the error summary, so a screen reader announces what to fix.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
