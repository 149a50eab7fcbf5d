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
  // Print the page (reports, charters); the browser's own print works the same without this.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
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
      target.dispatchEvent(new Event("input"));
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
      if (!el.hasAttribute("title") && el.textContent.trim()) el.setAttribute("title", el.textContent);
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
          // The header's notification bell rides along with the page's own parts (it opens no stream itself).
          var selector = name === "bell" ? "[data-live-bell]" : '[data-live-part="' + name + '"]';
          var current = document.querySelector(selector);
          var next = fresh.querySelector(selector);
          if (!current || !next) return;
          if (edited(current)) { wanted[name] = true; return; }
          var seen = {};
          current.querySelectorAll("[id]").forEach(function (el) { seen[el.id] = true; });
          var incoming = document.importNode(next, true);
          incoming.querySelectorAll(".conversation > li[id]").forEach(function (el) {
            if (!seen[el.id]) el.classList.add("live-new");
          });
          current.replaceWith(incoming);
          enhancePickers(incoming);
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
      if ((event.type === "notification" || event.type === "resync") && document.querySelector("[data-live-bell]")) {
        wanted.bell = true;
      }
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
  // Pickers: a <select data-lookup> becomes a field to type in, its list asked of the server as one types
  // (data-lookup="/lookup/customers") or filtered from its own options (data-lookup="local", each option's
  // data-keys holding its pinyin). The select stays in the form, hidden, and holds the choice; without this
  // file it is an ordinary select. An <input data-lookup> keeps its own text and is only offered suggestions
  // (data-lookup-value names the field of a suggestion that is put in it). Other attributes:
  // data-lookup-label / -detail: the fields of an answer shown (detail: several, space-separated);
  // data-lookup-within="otherId": the other picker's choice is sent as ?customerId= and set from an answer's
  // customerId; data-lookup-restricted: the word shown beside confidential and secret customers;
  // data-lookup-switch="typeId": the lookup, label and detail are those of the option chosen in that select (its
  // data-lookup, data-lookup-label, data-lookup-detail); a type without one hides the picker, a new type clears it.
  var pickers = 0;
  function fold(text) {
    return (text || "").normalize("NFKC").toLowerCase();
  }
  function localMatches(select, typed) {
    var words = fold(typed).split(/\s+/).filter(Boolean);
    var han = words.filter(function (w) { return /[^\x00-\x7f]/.test(w); });
    var latin = words.filter(function (w) { return !/[^\x00-\x7f]/.test(w); }).join("");
    var found = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var label = fold(option.textContent);
      var keys = (option.getAttribute("data-keys") || "").split(" ").concat(label.split(/\s+/));
      var ok = han.every(function (w) { return label.indexOf(w) >= 0; }) &&
        (!latin || label.replace(/\s+/g, "").indexOf(latin) >= 0 ||
          keys.some(function (k) { return k.indexOf(latin) === 0; }));
      if (ok) found.push({ value: option.value, label: option.textContent, detail: option.getAttribute("data-detail") || "" });
    });
    return found;
  }
  function enhancePicker(field) {
    var isSelect = field.tagName === "SELECT";
    var source = field.getAttribute("data-lookup");
    var labelKey = field.getAttribute("data-lookup-label") || "name";
    var valueKey = field.getAttribute("data-lookup-value") || "id";
    var detailKeys = (field.getAttribute("data-lookup-detail") || "").split(/\s+/).filter(Boolean);
    var restricted = field.getAttribute("data-lookup-restricted");
    var within = field.getAttribute("data-lookup-within");
    var listID = "picker-list-" + (++pickers);
    var input = field;
    if (isSelect) {
      input = document.createElement("input");
      input.type = "text";
      input.className = "picker-input";
      input.id = field.id;
      field.id = field.id + "-choice";
      input.placeholder = field.getAttribute("data-lookup-placeholder") || "";
      if (field.required) input.required = true;
      var chosen = field.options[field.selectedIndex];
      input.value = chosen && chosen.value ? chosen.textContent : "";
      // As the page gave it: a live update leaves a part alone only when someone changed it.
      input.defaultValue = input.value;
      field.hidden = true;
      field.setAttribute("aria-hidden", "true");
      field.tabIndex = -1;
      field.required = false;
      field.insertAdjacentElement("afterend", input);
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listID);
    input.setAttribute("autocomplete", "off");
    var list = document.createElement("ul");
    list.id = listID;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var wrap = document.createElement("div");
    wrap.className = "picker";
    input.insertAdjacentElement("beforebegin", wrap);
    wrap.appendChild(input);
    wrap.appendChild(list);
    var items = [];
    var active = -1;
    var asked = 0;
    var timer = null;
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
        if (i === index) {
          input.setAttribute("aria-activedescendant", li.id);
          if (li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
        }
      });
    }
    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listID + "-" + i;
        li.setAttribute("role", "option");
        var name = document.createElement("span");
        name.className = "picker-label";
        name.textContent = item.label;
        li.appendChild(name);
        if (item.detail) {
          var detail = document.createElement("span");
          detail.className = "picker-detail";
          detail.textContent = item.detail;
          li.appendChild(detail);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "picker-none";
        none.textContent = field.getAttribute("data-lookup-none") || "—";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(found.length ? 0 : -1);
    }
    function fromAnswer(answer) {
      var detail = detailKeys.map(function (k) { return answer[k]; }).filter(Boolean);
      if (restricted && (answer.classification === "confidential" || answer.classification === "secret")) {
        detail.push(restricted);
      }
      return { value: String(answer[valueKey]), label: String(answer[labelKey]), detail: detail.join(" · "), answer: answer };
    }
    function ask() {
      timer = null;
      var typed = input.value.trim();
      if (source === "local") { show(localMatches(field, typed)); return; }
      var url = source + (source.indexOf("?") >= 0 ? "&" : "?") + "limit=10&q=" + encodeURIComponent(typed);
      var other = within && document.getElementById(within + "-choice");
      if (other && other.value) url += "&customerId=" + encodeURIComponent(other.value);
      var ticket = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
        return response.ok ? response.json() : { items: [] };
      }).then(function (body) {
        if (ticket !== asked || document.activeElement !== input) return;
        show((body.items || []).map(fromAnswer));
      }).catch(function () {});
    }
    function setChoice(value, label, customer) {
      if (!isSelect) { input.value = value; return; }
      var option = Array.prototype.find.call(field.options, function (o) { return o.value === value; });
      if (!option && value) {
        option = document.createElement("option");
        option.value = value;
        option.textContent = label;
        if (customer) option.setAttribute("data-customer", customer);
        field.appendChild(option);
      }
      var changed = field.value !== value;
      field.value = value;
      input.value = value ? label : "";
      if (changed) field.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function choose(item) {
      setChoice(item.value, item.label, item.answer && item.answer.customerId);
      close();
      var other = within && document.getElementById(within + "-choice");
      if (other && item.answer && item.answer.customerId && other.value !== item.answer.customerId) {
        other.pickerSet(item.answer.customerId, item.answer.customerName);
      }
    }
    field.pickerSet = function (value, label) { setChoice(value, label); };
    var switcher = field.getAttribute("data-lookup-switch");
    var types = switcher && document.getElementById(switcher);
    if (types) {
      var holder = field.closest(".field") || wrap;
      var followType = function (initial) {
        var option = types.options[types.selectedIndex];
        source = (option && option.getAttribute("data-lookup")) || "";
        labelKey = (option && option.getAttribute("data-lookup-label")) || "name";
        detailKeys = ((option && option.getAttribute("data-lookup-detail")) || "").split(/\s+/).filter(Boolean);
        holder.hidden = !source;
        if (!initial) { close(); setChoice("", ""); }
      };
      types.addEventListener("change", function () { followType(false); });
      followType(true);
    }
    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      if (!source) return;
      timer = setTimeout(ask, source === "local" ? 0 : 150);
    });
    input.addEventListener("focus", function () { if (list.hidden && source) ask(); });
    input.addEventListener("blur", function () {
      close();
      if (!isSelect) return;
      var typed = input.value.trim();
      if (!typed) { setChoice("", ""); return; }
      var current = field.options[field.selectedIndex];
      input.value = current && current.value ? current.textContent : "";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { if (source) ask(); return; }
        if (!items.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        mark((active + step + items.length) % items.length);
      } else if (event.key === "Enter" && !list.hidden && active >= 0 && !(event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
  }
  function enhancePickers(root) {
    if (!window.fetch) return;
    root.querySelectorAll("select[data-lookup], input[data-lookup]").forEach(enhancePicker);
  }
  enhancePickers(document);
  // A select that fills another (data-fills="contactId"): the other's choice belongs to this one's, so it is
  // cleared when this changes (unless the other was just chosen with it).
  document.addEventListener("change", function (event) {
    var select = event.target;
    var target = select.getAttribute && select.getAttribute("data-clears");
    if (!target) return;
    var other = document.getElementById(target + "-choice") || document.getElementById(target);
    if (!other || !other.value || !other.pickerSet) return;
    var option = other.options[other.selectedIndex];
    if (option && option.getAttribute("data-customer") !== select.value) other.pickerSet("", "");
  });
  // File fields in the page's language: the browser's own button and "no file" text follow the browser's
  // language, not the page's. The field stays in the form (hidden from view, not from the keyboard).
  document.querySelectorAll("input[type=file][data-choose]").forEach(function (input) {
    var wrap = document.createElement("span");
    wrap.className = "file-pick";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button small";
    button.textContent = input.getAttribute("data-choose");
    var name = document.createElement("span");
    name.className = "file-name";
    name.textContent = input.getAttribute("data-none");
    input.insertAdjacentElement("beforebegin", wrap);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.classList.add("file-native");
    input.tabIndex = -1;
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      name.textContent = input.files && input.files.length ? input.files[0].name : input.getAttribute("data-none");
    });
  });
  // The message check as one types: a <textarea data-message-check="URL"> is sent (debounced) to the check with
  // the ids in its data-check-request / data-check-customer / data-check-contact (and the language the text should
  // be in, data-check-language), and the answer is shown in the
  // element named by data-check-panel: the text with each finding's span marked, the findings with their
  // suggestions, and each promise with a time offered as a commitment (a one-click form to the panel's
  // data-commit-action). Only while the form's visibility is public, when it has one. Labels come from the panel's
  // data-label-* attributes. Without this file the send itself runs the same check.
  document.querySelectorAll("textarea[data-message-check]").forEach(function (area) {
    var panel = document.getElementById(area.getAttribute("data-check-panel"));
    if (!panel || !window.fetch) return;
    var form = area.form;
    var csrfField = form && form.querySelector("input[name=_csrf]");
    var timer = null;
    var sequence = 0;
    function label(name) { return panel.getAttribute("data-label-" + name) || name; }
    function isPublic() {
      var chosen = form && form.querySelector("input[name=visibility]:checked");
      return !chosen || chosen.value === "public";
    }
    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }
    function preview(text, findings) {
      var characters = Array.from(text);
      var marks = findings.filter(function (f) { return f.end > f.start; })
        .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
      var box = element("div", "check-preview");
      var at = 0;
      marks.forEach(function (f) {
        if (f.start < at) return;
        if (f.start > at) box.appendChild(document.createTextNode(characters.slice(at, f.start).join("")));
        var mark = element("mark", "finding " + f.severity, characters.slice(f.start, f.end).join(""));
        mark.title = f.message;
        box.appendChild(mark);
        at = f.end;
      });
      if (at < characters.length) box.appendChild(document.createTextNode(characters.slice(at).join("")));
      return box;
    }
    function render(answer, text) {
      panel.textContent = "";
      if (!answer || (!answer.findings.length && !answer.commitments.length)) {
        panel.hidden = true;
        return;
      }
      panel.hidden = false;
      if (answer.findings.length) {
        panel.appendChild(preview(text, answer.findings));
        var list = element("ul", "findings");
        answer.findings.forEach(function (f) {
          var item = element("li", "finding " + f.severity);
          item.appendChild(element("span", "badge " + f.severity, label(f.severity)));
          item.appendChild(document.createTextNode(" " + f.message));
          if (f.suggestion) item.appendChild(element("span", "suggestion", " " + label("suggestion") + " " + f.suggestion));
          list.appendChild(item);
        });
        panel.appendChild(list);
      }
      var action = panel.getAttribute("data-commit-action");
      if (answer.commitments.length && action) {
        panel.appendChild(element("p", "commitments-title", label("commitments")));
        answer.commitments.forEach(function (c) {
          var proposal = element("form", "commitment-proposal");
          proposal.method = "post";
          proposal.action = action;
          [["_csrf", csrfField ? csrfField.value : ""], ["text", c.text], ["dueAt", c.dueAt],
            ["start", String(c.start)], ["end", String(c.end)]].forEach(function (pair) {
            var input = element("input");
            input.type = "hidden";
            input.name = pair[0];
            input.value = pair[1];
            proposal.appendChild(input);
          });
          var due = new Date(c.dueAt);
          proposal.appendChild(element("span", "", "“" + c.text + "” → " + due.toLocaleString(lang) + " "));
          var button = element("button", "button small", label("commit"));
          button.type = "submit";
          proposal.appendChild(button);
          panel.appendChild(proposal);
        });
      }
    }
    function run() {
      var text = area.value;
      var mine = ++sequence;
      if (!text.trim() || !isPublic()) { render(null, ""); return; }
      var body = { text: text };
      [["requestId", "data-check-request"], ["customerId", "data-check-customer"], ["contactId", "data-check-contact"],
        ["language", "data-check-language"]]
        .forEach(function (pair) {
          var value = area.getAttribute(pair[1]);
          if (value) body[pair[0]] = value;
        });
      fetch(area.getAttribute("data-message-check"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json",
          "X-CSRF-Token": csrfField ? csrfField.value : "" },
        body: JSON.stringify(body)
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) { if (mine === sequence) render(answer, text); })
        .catch(function () {});
    }
    function later() { clearTimeout(timer); timer = setTimeout(run, 400); }
    area.addEventListener("input", later);
    if (form) form.addEventListener("change", function (event) { if (event.target.name === "visibility") later(); });
    if (area.value.trim()) later();
  });
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
