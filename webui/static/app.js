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
  // Next / previous match on the document page; opens at the hit's page (?page=N).
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.getElementById("match-nav");
    if (!nav) { return; }
    var marks = Array.prototype.slice.call(document.querySelectorAll(".page-text .text mark"));
    var pos = document.getElementById("match-pos");
    if (!marks.length) { nav.hidden = false; pos.textContent = "本文件文字中没有找到该词"; return; }
    var current = -1;
    function pageOf(mark) {
      var section = mark.closest(".page-text");
      return section ? section.id.replace("page-", "") : "";
    }
    function show(index) {
      if (current >= 0) { marks[current].classList.remove("current"); }
      current = (index + marks.length) % marks.length;
      var mark = marks[current];
      mark.classList.add("current");
      mark.scrollIntoView({block: "center"});
      var page = pageOf(mark);
      pos.textContent = "第 " + (current + 1) + " / " + marks.length + " 处" + (page ? "（第 " + page + " 页）" : "");
      nav.setAttribute("data-current-page", page);
    }
    nav.hidden = false;
    nav.addEventListener("click", function (event) {
      var step = event.target.getAttribute("data-match-step");
      if (step) { show(current + parseInt(step, 10)); }
    });
    var start = nav.getAttribute("data-start-page");
    var first = 0;
    if (start) {
      for (var i = 0; i < marks.length; i++) { if (pageOf(marks[i]) === start) { first = i; break; } }
    }
    show(first);
  });
  // The queue page refreshes itself while files are being processed.
  document.addEventListener("DOMContentLoaded", function () {
    var auto = document.querySelector("[data-autorefresh]");
    if (auto) { setTimeout(function () { window.location.reload(); }, parseInt(auto.getAttribute("data-autorefresh"), 10)); }
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
