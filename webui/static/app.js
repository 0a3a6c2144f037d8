// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  // fetch() helper for the JSON API: sends the CSRF header the server requires.
  window.evidenceFetch = function (url, options) {
    options = options || {};
    options.headers = Object.assign({"X-CSRF-Token": token()}, options.headers || {});
    options.credentials = "same-origin";
    return fetch(url, options);
  };
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-print]")) { window.print(); }
    var confirmText = target.getAttribute && target.getAttribute("data-confirm");
    if (confirmText && !window.confirm(confirmText)) { event.preventDefault(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.querySelector(".dropzone");
    if (!zone) { return; }
    var input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) { if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; } });
  });
})();
