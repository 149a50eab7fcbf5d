// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Ask before destructive actions.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Copy a secret shown once.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.classList.add("copied");
      });
    }
  });
  // Ctrl+Enter (or Cmd+Enter) sends a form marked data-submit-shortcut from any of its fields.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.closest && event.target.closest("form[data-submit-shortcut]");
    if (form) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
  // Insert a canned response into the reply box.
  document.addEventListener("change", function (event) {
    var select = event.target;
    var target = select.getAttribute && document.getElementById(select.getAttribute("data-insert-into"));
    if (!target) return;
    var option = select.options[select.selectedIndex];
    var text = option && option.getAttribute("data-text");
    if (text) {
      target.value = target.value ? target.value + "\n\n" + text : text;
      target.focus();
    }
    select.selectedIndex = 0;
  });
  // Live SLA countdowns: "2h 15m left" / "overdue 5m", in the page's language.
  var lang = document.documentElement.lang;
  function span(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    if (lang === "en") return (days ? days + "d " : "") + (days || hours ? hours + "h " : "") + mins + "m";
    return (days ? days + "天" : "") + (days || hours ? hours + "小时" : "") + mins + "分";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) return;
      var left = due - now;
      if (!el.hasAttribute("title")) el.setAttribute("title", el.textContent);
      el.classList.toggle("overdue", left < 0);
      el.classList.toggle("soon", left >= 0 && left < 3600000);
      el.textContent = left < 0
        ? (lang === "en" ? "overdue " + span(left) : "已超时 " + span(left))
        : (lang === "en" ? span(left) + " left" : "剩余 " + span(left));
    });
  }
  tick();
  setInterval(tick, 30000);
  // Phone navigation toggle.
  var toggle = document.querySelector(".navtoggle");
  var nav = document.getElementById("mainnav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
})();
