// Loket help site: small improvements on pages that work without it.
// - suggestions as you type in the search box (an ARIA combobox);
// - "Was this helpful?" answered in place, without reloading;
// - answers shown on the contact page while the question is typed.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () {
      var args = arguments;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function getJSON(url, signal) {
    return fetch(url, { headers: { Accept: "application/json" }, signal: signal, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  // Search suggestions: the input becomes a combobox with a listbox of
  // titles and customer questions. Arrow keys move, Enter opens, Escape
  // closes; without a choice the form searches as usual.
  function initSuggest(input) {
    var list = document.getElementById(input.getAttribute("data-listbox"));
    if (!list) { return; }
    var base = input.getAttribute("data-suggest");
    var items = [];
    var active = -1;
    var controller = null;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.removeAttribute("aria-busy");
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(i) {
      var opts = list.querySelectorAll("[role=option]");
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(i) {
      var s = items[i];
      if (s) { window.location.href = s.url + (s.url.indexOf("?") < 0 ? "?" : "&") + "from=suggest"; }
    }

    function show(suggestions) {
      items = suggestions;
      list.textContent = "";
      if (!items.length) { close(); return; }
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.text;
        if (s.text !== s.title) {
          var t = document.createElement("span");
          t.className = "title";
          t.textContent = s.title;
          li.appendChild(t);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      // The options are new: nothing is selected until the arrow keys say so.
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    var update = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      getJSON(base + "&limit=6&q=" + encodeURIComponent(q), controller && controller.signal)
        .then(function (r) {
          if (input.value.trim() !== q) { return; } // typed on since: a newer answer comes
          list.removeAttribute("aria-busy");
          show(r.suggestions || []);
        })
        .catch(function (e) {
          // Suggestions are a nicety: ignore failures. An aborted request
          // was replaced by a newer one, which ends the update.
          if (!e || e.name !== "AbortError") { list.removeAttribute("aria-busy"); }
        });
    }, 120);

    // aria-busy marks the list as out of date from the keystroke until the
    // answer for what is typed now is shown.
    input.addEventListener("input", function () { list.setAttribute("aria-busy", "true"); update(); });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); select(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(Math.max(active - 1, -1)); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); go(active); }
    });
  }

  // Feedback: post the vote with the page's token and put the server's next
  // state of the box in place, taken from the page the server would show.
  function initFeedback(box) {
    box.addEventListener("submit", function (e) {
      var form = e.target;
      e.preventDefault();
      var data = new FormData(form);
      if (e.submitter && e.submitter.name) { data.append(e.submitter.name, e.submitter.value); }
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (r) {
          return fetch(form.action + "?feedback=" + encodeURIComponent(r.state), { credentials: "same-origin" }).then(function (p) { return p.text(); });
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var next = doc.getElementById("feedback");
          if (!next) { throw new Error("no feedback box"); }
          box.innerHTML = next.innerHTML;
          // Focus the comment box, or else the thanks, so that keyboard and
          // screen reader users land where the box changed.
          var focus = box.querySelector("textarea") || box.querySelector("h2");
          if (focus) {
            if (focus.tagName === "H2") { focus.setAttribute("tabindex", "-1"); }
            focus.focus();
          }
        })
        .catch(function () { form.submit(); });
    });
  }

  // Contact page: show matching articles while the question is typed.
  function initContact(form) {
    var area = form.querySelector("textarea");
    var box = form.querySelector("[data-live-answers]");
    if (!area || !box) { return; }
    var list = box.querySelector("ul");
    var locale = document.documentElement.lang;
    var update = debounce(function () {
      var q = area.value.trim();
      if (q.length < 4) { box.hidden = true; return; }
      getJSON("/api/v1/search?limit=3&locale=" + encodeURIComponent(locale) + "&q=" + encodeURIComponent(q))
        .then(function (r) {
          list.textContent = "";
          (r.hits || []).forEach(function (h) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = h.url + (h.url.indexOf("?") < 0 ? "?" : "&") + "from=contact";
            a.textContent = h.title;
            li.appendChild(a);
            list.appendChild(li);
          });
          box.hidden = !r.hits || !r.hits.length;
        })
        .catch(function () { box.hidden = true; });
    }, 300);
    area.addEventListener("input", update);
  }

  document.querySelectorAll("input[data-suggest]").forEach(initSuggest);
  document.querySelectorAll("[data-feedback]").forEach(initFeedback);
  document.querySelectorAll("[data-contact-live]").forEach(initContact);
})();
