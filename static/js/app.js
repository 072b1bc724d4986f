/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // "Select all on this page" ticks or clears every row checkbox of its form.
  document.addEventListener("change", function (event) {
    var toggle = event.target.closest("[data-select-all]");
    if (!toggle) return;
    var form = document.getElementById(toggle.getAttribute("form")) || toggle.form;
    if (!form) return;
    form.querySelectorAll("input[name=ids]").forEach(function (box) {
      box.checked = toggle.checked;
    });
    var scope = form.querySelector("input[name=scope][value=selected]");
    if (scope && toggle.checked) scope.checked = true;
  });

  // Ticking a row means the bulk action is about the selection.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("input[name=ids]")) return;
    var form = event.target.form;
    var scope = form && form.querySelector("input[name=scope][value=selected]");
    if (scope && event.target.checked) scope.checked = true;
  });

  // The account menu closes with Escape or a click elsewhere, like a native menu.
  function closeMenus(except) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest("details.account-menu"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.account-menu[open]");
    if (open) {
      open.removeAttribute("open");
      open.querySelector("summary").focus();
    }
  });

  // Confirmation for destructive buttons marked data-confirm: a yes is sent with the form
  // as confirmed=yes; without it (no JS) the server asks on a page of its own.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button) return;
    if (!window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    if (button.form && !button.form.querySelector("input[name=confirmed]")) {
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "yes";
      button.form.appendChild(confirmed);
    }
  });
})();

// Where the filters sit above the results (up to 1100px wide, as app.css lays them out)
// they start folded away; without JS they stay open.
(function () {
  if (!window.matchMedia("(max-width: 1100px)").matches) return;
  document.querySelectorAll("details[data-collapse-when-narrow]").forEach(function (details) {
    details.removeAttribute("open");
  });
})();

// Filter requests leave out empty fields, so the address stays short and shareable.
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.verb !== "get" || !event.detail.elt.matches("#filters")) return;
  var params = event.detail.parameters;
  var keys = [];
  params.forEach(function (value, key) { keys.push(key); });
  keys.forEach(function (key) {
    var values = params.getAll(key).filter(function (value) { return value !== ""; });
    params.delete(key);
    values.forEach(function (value) { params.append(key, value); });
  });
  if (!params.has("tags")) params.delete("tag_mode");
});

// A job's progress is redrawn on every poll, outside any live region, so a screen reader
// would hear all of it or nothing: the page's own region says its data-announce words
// when they change (a new phase, another quarter done), and stays quiet in between.
(function () {
  var announcer = document.getElementById("progress-announcer");
  if (!announcer) return;
  var source = document.querySelector("[data-announce]");
  var said = source ? source.getAttribute("data-announce") : "";
  document.addEventListener("htmx:afterSettle", function () {
    var redrawn = document.querySelector("[data-announce]");
    var words = redrawn ? redrawn.getAttribute("data-announce") : "";
    if (!words || words === said) return;
    said = words;
    announcer.textContent = words;
  });
})();
