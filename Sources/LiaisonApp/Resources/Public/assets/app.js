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
  // Live updates: parts of a page marked data-live-part are fetched again (the page itself, through its usual
  // route) and swapped in when an event they listen for arrives on the stream named by <body data-live>. What
  // a part listens for is data-live-when: "request:<id>" (that request), "requests" (any request),
  // "notifications" (the person's own). A part holding the focus or a field someone changed is left alone, so a
  // reply being typed stays. No polling: a page fetches only when told.
  var liveSource = document.body.getAttribute("data-live");
  var liveParts = document.querySelectorAll("[data-live-part]");
  if (liveSource && liveParts.length && window.EventSource && window.fetch && window.DOMParser) {
    var wanted = {};
    var fetching = false;
    var again = false;
    var timer = null;
    var connected = false;
    var listensFor = function (part, type, data) {
      var words = (part.getAttribute("data-live-when") || "").split(/\s+/);
      var request = type === "requestCreated" || type === "requestChanged" || type === "messageAdded";
      return words.some(function (word) {
        if (type === "resync") return word !== "";
        if (word === "notifications") return type === "notification";
        if (word === "requests") return request;
        return request && word === "request:" + (data.requestId || "");
      });
    };
    var edited = function (part) {
      if (part.contains(document.activeElement) && document.activeElement !== document.body) return true;
      return Array.prototype.some.call(part.querySelectorAll("input, textarea, select"), function (field) {
        if (field.type === "hidden") return false;
        if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
        if (field.tagName === "SELECT") {
          if (field.multiple) {
            return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
          }
          // A single choice without a preselected option starts on its first one.
          var initial = 0;
          Array.prototype.forEach.call(field.options, function (o, i) { if (o.defaultSelected) initial = i; });
          return field.selectedIndex !== initial;
        }
        if (field.type === "file") return field.value !== "";
        return field.value !== field.defaultValue;
      });
    };
    var refresh = function () {
      timer = null;
      if (fetching) { again = true; return; }
      var names = Object.keys(wanted);
      if (!names.length) return;
      wanted = {};
      fetching = true;
      fetch(window.location.pathname + window.location.search, {
        credentials: "same-origin", headers: { "X-Liaison-Live": "1" }
      }).then(function (response) {
        if (!response.ok || response.redirected) return null;
        return response.text();
      }).then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        names.forEach(function (name) {
          var current = document.querySelector('[data-live-part="' + name + '"]');
          var next = fresh.querySelector('[data-live-part="' + name + '"]');
          if (!current || !next) return;
          if (edited(current)) { wanted[name] = true; return; }
          var seen = {};
          current.querySelectorAll("[id]").forEach(function (el) { seen[el.id] = true; });
          var incoming = document.importNode(next, true);
          incoming.querySelectorAll(".conversation > li[id]").forEach(function (el) {
            if (!seen[el.id]) el.classList.add("live-new");
          });
          current.replaceWith(incoming);
        });
        tick();
      }).catch(function () {}).then(function () {
        fetching = false;
        if (again) { again = false; schedule(); }
      });
    };
    var schedule = function () {
      if (!timer) timer = setTimeout(refresh, 300);
    };
    var receive = function (event) {
      var data = {};
      try { data = JSON.parse(event.data || "{}"); } catch (e) { data = {}; }
      document.querySelectorAll("[data-live-part]").forEach(function (part) {
        if (listensFor(part, event.type, data)) wanted[part.getAttribute("data-live-part")] = true;
      });
      schedule();
    };
    var source = new EventSource(liveSource);
    ["requestCreated", "requestChanged", "messageAdded", "notification", "resync"].forEach(function (type) {
      source.addEventListener(type, receive);
    });
    // Back after a break: what happened meanwhile was not told, so everything is fetched once.
    source.addEventListener("ready", function () {
      if (connected) receive({ type: "resync", data: "{}" });
      connected = true;
      document.body.setAttribute("data-live-state", "open");
    });
    source.addEventListener("error", function () {
      document.body.setAttribute("data-live-state", source.readyState === EventSource.CLOSED ? "closed" : "connecting");
    });
    // Parts left alone while edited get their turn once they are left unchanged.
    document.addEventListener("focusout", function () {
      setTimeout(function () {
        var ready = Object.keys(wanted).some(function (name) {
          var part = document.querySelector('[data-live-part="' + name + '"]');
          return part && !edited(part);
        });
        if (ready) schedule();
      }, 0);
    });
  }
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
