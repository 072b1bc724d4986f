/* The upload form: drop a file anywhere on the drop zone, and a too-large file is refused at
   once instead of after a long upload. Without JavaScript the file picker does the same job
   and the server refuses a file past the limit. */
(function () {
  "use strict";

  function formatBytes(bytes) {
    var units = ["bytes", "KB", "MB", "GB"];
    var index = 0;
    while (bytes >= 1024 && index < units.length - 1) { bytes /= 1024; index += 1; }
    return (index ? bytes.toFixed(1) : bytes) + " " + units[index];
  }

  function setUp(zone) {
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector(".dropzone__chosen");
    var form = zone.closest("form");
    var maxBytes = parseInt(zone.getAttribute("data-max-bytes"), 10);

    function describe() {
      var file = input.files && input.files[0];
      zone.classList.remove("dropzone--error");
      if (!file) { chosen.textContent = ""; return true; }
      if (maxBytes && file.size > maxBytes) {
        zone.classList.add("dropzone--error");
        chosen.textContent = file.name + " is " + formatBytes(file.size) +
          "; an import can be at most " + formatBytes(maxBytes) + ".";
        return false;
      }
      chosen.textContent = file.name + " (" + formatBytes(file.size) + ")";
      return true;
    }

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dropzone--over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dropzone--over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      describe();
    });
    input.addEventListener("change", describe);
    // A file chosen before this script ran (a quick hand, or a page restored by the
    // back button) is described too.
    describe();
    form.addEventListener("submit", function (event) {
      if (!describe()) { event.preventDefault(); input.focus(); return; }
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "Uploading…"; }
    });
  }

  document.querySelectorAll("[data-dropzone]").forEach(setUp);
})();
