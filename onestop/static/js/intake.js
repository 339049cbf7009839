// Intake form niceties; the form works without them.
"use strict";
(function () {
  var form = document.querySelector("form.intake");
  if (!form) { return; }
  // Choosing a scan for a checklist item ticks it as received.
  form.querySelectorAll("input[type=file][id^=documents-]").forEach(function (input) {
    input.addEventListener("change", function () {
      var box = document.getElementById(input.id.replace(/-scans$/, "-received"));
      if (box && input.files.length) { box.checked = true; }
    });
  });
  // A second click while the first submission is on its way does nothing
  // (the server refuses a second case for the same form anyway).
  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending) { event.preventDefault(); return; }
    var button = event.submitter;
    if (button && button.value !== "find" && button.value !== "preview") { sending = true; }
  });
})();
