/*
 * The "Save to Network CRM" bookmarklet, readable source.
 *
 * The settings page serves it minified as a javascript: link, with
 * CAPTURE_URL replaced by this server's /capture/ address. On a LinkedIn
 * profile it reads what the page shows and opens this app's capture page in
 * a small top-level window on the app's own origin, where the user checks
 * and saves it. Nothing is sent cross-site: the window is a normal page of
 * the app, with its own cookies and CSRF token.
 */
(function () {
  var CAPTURE_URL = "__CAPTURE_URL__";
  var onLinkedIn = /(^|\.)linkedin\.com$/i.test(location.hostname);
  var onProfile = /^\/(m\/|mwlite\/)?in\/[^\/]+/i.test(location.pathname);
  if (!onLinkedIn || !onProfile) {
    alert("Save to Network CRM only works on LinkedIn profile pages (linkedin.com/in/...).");
    return;
  }

  function text(selector) {
    var element = document.querySelector(selector);
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function meta(property) {
    var element = document.querySelector('meta[property="' + property + '"]');
    return element ? element.getAttribute("content") || "" : "";
  }

  /* The public page's title reads "Name - Company | LinkedIn". */
  var title = meta("og:title").replace(/\s*\|\s*LinkedIn\s*$/i, "");
  var titleParts = title.split(" - ");
  var companyButton = document.querySelector('button[aria-label^="Current company"]');
  var company = companyButton
    ? companyButton.getAttribute("aria-label").replace(/^Current company:\s*/i, "").split(". ")[0]
    : "";

  var fields = {
    url: location.origin + location.pathname,
    name: text("main h1") || titleParts[0] || "",
    headline: text("main .text-body-medium"),
    company: company || titleParts.slice(1).join(" - "),
    location: text("main .text-body-small.inline")
  };
  var query = Object.keys(fields)
    .filter(function (key) { return fields[key]; })
    .map(function (key) { return key + "=" + encodeURIComponent(fields[key].slice(0, 500)); })
    .join("&");
  var opened = window.open(CAPTURE_URL + "?" + query, "network-crm-capture", "width=520,height=720");
  if (!opened) {
    alert("Your browser blocked the Network CRM window; allow pop-ups for linkedin.com.");
  }
})();
