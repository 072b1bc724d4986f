/* The upload form: drop a file anywhere on the drop zone (of several dropped, the first), and
   a too-large file is refused at once instead of after a long upload. Without JavaScript the
   file picker does the same job and the server refuses a file past the limit. */
(function () {
  "use strict";

  function formatBytes(bytes) {
    var units = ["bytes", "KB", "MB", "GB"];
    var index = 0;
    while (bytes >= 1024 && index < units.length - 1) { bytes /= 1024; index += 1; }
    // "200 MB", not "200.0 MB"; "1.5 MB" keeps its decimal.
    return (index ? Number(bytes.toFixed(1)) : bytes) + " " + units[index];
  }

  function firstFileOf(files) {
    if (files.length < 2) return files;
    var first = new DataTransfer();
    first.items.add(files[0]);
    return first.files;
  }

  function leftOutNote(leftOut) {
    if (!leftOut || !leftOut.length) return "";
    var names = leftOut.map(function (file) { return file.name; }).join(", ");
    return ". One file is imported at a time: " + names + (leftOut.length === 1 ? " was" : " were") +
      " left out; import " + (leftOut.length === 1 ? "it" : "them") + " next.";
  }

  function setUp(zone) {
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector(".dropzone__chosen");
    var form = zone.closest("form");
    var maxBytes = parseInt(zone.getAttribute("data-max-bytes"), 10);

    function describe(leftOut) {
      var file = input.files && input.files[0];
      zone.classList.remove("dropzone--error");
      if (!file) { chosen.textContent = ""; return true; }
      if (maxBytes && file.size > maxBytes) {
        zone.classList.add("dropzone--error");
        chosen.textContent = file.name + " is " + formatBytes(file.size) +
          "; an import can be at most " + formatBytes(maxBytes) + ".";
        return false;
      }
      chosen.textContent = file.name + " (" + formatBytes(file.size) + ")" + leftOutNote(leftOut);
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
      var dropped = event.dataTransfer && event.dataTransfer.files;
      if (!dropped || !dropped.length) return;
      // The form sends every file the input holds and the server keeps the last one,
      // so the input holds only the first: the one the page names is the one imported.
      input.files = firstFileOf(dropped);
      describe(Array.prototype.slice.call(dropped, 1));
    });
    input.addEventListener("change", function () { describe(); });
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
