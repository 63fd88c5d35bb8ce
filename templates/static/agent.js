// Loket agent panel: keyboard shortcuts and live updates.
(function () {
"use strict";

// Keys typed into a form control belong to it, never to a shortcut.
function typing(el) {
  if (!el || !el.tagName) return false;
  var tag = el.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
}

// fill puts its arguments in place of the %s and %d of a message.
function fill(s) {
  var args = Array.prototype.slice.call(arguments, 1);
  return String(s).replace(/%[sd]/g, function () { return args.length ? String(args.shift()) : ""; });
}

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// ==== Queue: live list of handoffs, keyboard shortcuts (queue.go, stream.go) ====
(function () {
  "use strict";

  // The handoff page: t takes, w goes to the wrap-up, d drafts, q returns
  // to the queue (elements marked data-queue-key).
  function handoffKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      var target = document.querySelector('[data-queue-key="' + e.key + '"]');
      if (!target || !/^[a-z]$/.test(e.key)) return;
      e.preventDefault();
      if (target.tagName === "FORM") {
        var first = target.querySelector("input:not([type=hidden]), select, textarea, button");
        if (first) { first.focus(); first.scrollIntoView({ block: "center" }); }
      } else {
        target.click();
      }
    });
  }

  function queuePage(root) {
    var t = root.dataset;
    var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
    var state = document.getElementById("queue-state");
    var stateBox = state && state.parentNode;
    var announce = document.getElementById("queue-announce");
    var baseTitle = document.title;
    var offset = Date.parse(t.now) - Date.now(); // server clock minus ours
    var known = {}; // ids of the contacts shown, to tell new ones apart
    root.querySelectorAll(".queue-item").forEach(function (li) { known[li.dataset.id] = true; });

    function waitText(created) {
      var m = Math.floor((Date.now() + offset - Date.parse(created)) / 60000);
      if (!(m >= 1)) return t.tWaitNow;
      if (m < 60) return fill(t.tWaitMinutes, m);
      return fill(t.tWaitHours, Math.floor(m / 60), m % 60);
    }

    function tick() {
      root.querySelectorAll(".queue-wait time[datetime]").forEach(function (time) {
        time.textContent = waitText(time.getAttribute("datetime"));
      });
    }

    function setState(cls, text) {
      if (!stateBox) return;
      stateBox.classList.remove("is-live", "is-offline");
      if (cls) stateBox.classList.add(cls);
      state.textContent = text;
    }

    function item(it) {
      var li = el("li", "queue-item" + (it.priorityTag ? " is-priority" : ""));
      li.id = "queue-item-" + it.id;
      li.dataset.id = it.id;
      li.dataset.status = it.status;
      li.tabIndex = -1;
      li.setAttribute("aria-labelledby", "queue-q-" + it.id);
      var main = el("div", "queue-main");
      var meta = el("p", "queue-meta");
      meta.appendChild(el("span", "queue-channel queue-channel-" + it.channel, it.channelName));
      var lang = el("span", "queue-lang", it.language);
      lang.title = t.tLanguage;
      meta.appendChild(lang);
      var wait = el("span", "queue-wait", t.tWaits + " ");
      var time = el("time", null, waitText(it.createdAt));
      time.setAttribute("datetime", it.createdAt);
      wait.appendChild(time);
      meta.appendChild(wait);
      if (it.priorityTag) meta.appendChild(el("span", "queue-tag queue-tag-priority", it.priorityTag));
      if (it.reason) meta.appendChild(el("span", "queue-reason", it.reason));
      if (it.team) meta.appendChild(el("span", "queue-team", t.tTeam + ": " + it.team));
      main.appendChild(meta);
      var q = el("p", "queue-question");
      q.id = "queue-q-" + it.id;
      var a = el("a", null, it.question || t.tNoquestion);
      a.href = it.url;
      q.appendChild(a);
      main.appendChild(q);
      if (it.offered && it.offered.length) {
        var off = el("div", "queue-offered");
        off.appendChild(el("span", "queue-offered-label", t.tOffered + ":"));
        var ul = el("ul");
        it.offered.forEach(function (o) {
          var li2 = el("li", null, o.title + " ");
          li2.appendChild(el("span", "queue-helped queue-helped-" + o.helped, o.helpedName));
          ul.appendChild(li2);
        });
        off.appendChild(ul);
        main.appendChild(off);
      }
      li.appendChild(main);
      var action = el("div", "queue-action");
      if (it.status === "waiting") {
        var form = el("form");
        form.method = "post";
        form.action = it.takeUrl;
        var hidden = el("input");
        hidden.type = "hidden";
        hidden.name = "csrf";
        hidden.value = csrf;
        var button = el("button", null, t.tTake);
        button.type = "submit";
        button.setAttribute("aria-label", fill(t.tTakeLabel, it.id));
        form.appendChild(hidden);
        form.appendChild(button);
        action.appendChild(form);
      } else {
        action.appendChild(el("p", "queue-takenby", fill(t.tTakenby, it.takenBy)));
        var open = el("a", null, t.tOpen);
        open.href = it.url;
        action.appendChild(open);
      }
      li.appendChild(action);
      return li;
    }

    function fillList(name, items, fresh) {
      var list = document.getElementById("queue-" + name);
      var frag = document.createDocumentFragment();
      items.forEach(function (it) {
        var li = item(it);
        if (fresh[it.id]) li.classList.add("is-new");
        frag.appendChild(li);
      });
      list.replaceChildren(frag);
      document.getElementById("queue-" + name + "-count").textContent = items.length;
      document.getElementById("queue-" + name + "-empty").hidden = items.length > 0;
    }

    // render redraws both lists and keeps the agent's place: focus stays
    // on the same contact. When that contact left the queue, focus is not
    // moved to another one, so that a key pressed next never takes a
    // contact the agent did not choose.
    function render(data) {
      offset = Date.parse(data.now) - Date.now();
      var active = document.activeElement;
      var focusItem = active && active.closest ? active.closest(".queue-item") : null;
      var focusId = focusItem ? focusItem.dataset.id : null;
      var focusOnItem = focusItem === active;
      var waiting = [], taken = [], fresh = {}, freshCount = 0, ids = {};
      data.items.forEach(function (it) {
        ids[it.id] = true;
        if (!known[it.id] && it.status === "waiting") { fresh[it.id] = true; freshCount++; }
        (it.status === "waiting" ? waiting : taken).push(it);
      });
      known = ids;
      fillList("waiting", waiting, fresh);
      fillList("taken", taken, fresh);
      if (focusId) {
        var again = document.getElementById("queue-item-" + focusId);
        if (again) {
          var target = focusOnItem ? again : (again.querySelector("button, a") || again);
          target.focus({ preventScroll: true });
        }
      }
      document.title = (waiting.length ? "(" + waiting.length + ") " : "") + baseTitle;
      if (freshCount && announce) {
        // Emptied first and filled a moment later, so that the same words
        // are announced again for the next new contact.
        announce.textContent = "";
        var words = freshCount === 1 ? t.tNew : fill(t.tNewMany, freshCount);
        setTimeout(function () { announce.textContent = words; }, 100);
      }
    }

    function items() { return Array.prototype.slice.call(root.querySelectorAll(".queue-item")); }

    function move(step) {
      var all = items();
      if (!all.length) return;
      var current = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".queue-item") : null;
      var i = all.indexOf(current);
      var next = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
      all[next].focus();
      all[next].scrollIntoView({ block: "nearest" });
    }

    function act(li) {
      var form = li.querySelector("form");
      if (form) {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
        return;
      }
      var link = li.querySelector(".queue-question a");
      if (link) link.click();
    }

    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      var inQueue = e.target === document.body || (e.target.closest && e.target.closest(".queue-item"));
      if (e.key === "j" || (e.key === "ArrowDown" && inQueue)) { e.preventDefault(); move(1); return; }
      if (e.key === "k" || (e.key === "ArrowUp" && inQueue)) { e.preventDefault(); move(-1); return; }
      var li = e.target.classList && e.target.classList.contains("queue-item") ? e.target : null;
      if (e.key === "t" || (e.key === "Enter" && li)) {
        // Only the contact the agent moved to: never the first one unseen.
        var chosen = li || (e.target.closest && e.target.closest(".queue-item"));
        if (chosen) { e.preventDefault(); act(chosen); }
      }
    });

    setInterval(tick, 5000);
    tick();

    if (!window.EventSource || !t.stream) return;
    setState(null, t.tConnecting);
    var source = new EventSource(t.stream);
    source.addEventListener("queue", function (e) {
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      render(data);
    });
    source.addEventListener("open", function () { setState("is-live", t.tLive); });
    source.addEventListener("error", function () {
      // The browser reconnects by itself unless the answer was an error
      // (signed out): then the state says so and the reload link helps.
      setState(source.readyState === EventSource.CLOSED ? "is-offline" : null,
        source.readyState === EventSource.CLOSED ? t.tOffline : t.tConnecting);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function start() {
    var root = document.getElementById("queue");
    if (root) queuePage(root);
    if (document.querySelector("[data-queue-page=handoff]")) handoffKeys();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

// ==== Knowledge: search as you type, copy, short links, guides, drafts ====
// (search.go, article.go, link.go, guide.go, draft.go). Every page works
// without this; it adds:
// - the search box (form[data-kn-search]) as an ARIA combobox: hits as you
//   type from /agent/api/search; ArrowDown/ArrowUp move, Enter opens the
//   chosen hit (or searches), Escape closes the list, then clears the box;
// - "/" focuses the search box from anywhere but a form field (on a page
//   without one it opens the search page, unless a form there was changed);
// - on the search page, ArrowDown/ArrowUp from the box move through the hits;
// - copy buttons (data-kn-copy="id of a textarea or input"), with a
//   confirmation in the button and in a live region;
// - "Send to customer" (form[data-kn-send]) through /agent/api/links;
// - guides: 1-9 take a choice (a[data-key]), Backspace goes back;
// - drafts (form[data-kn-draft]) through /agent/api/draft, without reloading.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  function csrf() {
    return (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  }

  // api sends a request to the panel's JSON API and resolves with the
  // decoded answer; a refusal rejects with the server's message.
  function api(method, url, body, signal) {
    var opts = { method: method, credentials: "same-origin", headers: { Accept: "application/json" }, signal: signal };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-CSRF-Token"] = csrf();
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var err = new Error((data.error && data.error.message) || String(r.status));
          err.status = r.status;
          throw err;
        }
        return data;
      });
    });
  }

  // say puts a message in a live region: emptied first, so that the same
  // words are announced again.
  function say(region, text) {
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  // statusFor finds the live region nearest to an element.
  function statusFor(node) {
    for (var p = node.parentElement; p; p = p.parentElement) {
      var s = p.querySelector("[data-kn-status]");
      if (s && !s.closest("[data-kn-search]")) return s;
    }
    return null;
  }

  // ---- The search box ----

  function searchBox(form) {
    var t = form.dataset;
    var input = form.querySelector("input[name=q]");
    var locale = form.querySelector("select[name=locale]");
    var handoff = form.querySelector("input[name=handoff]");
    var list = document.getElementById(input.getAttribute("data-kn-listbox"));
    var status = form.querySelector("[data-kn-status]");
    var options = [];
    var active = -1;
    var controller = null;
    var shown = ""; // the query the list is for
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
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
        opts[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(i) {
      if (options[i]) window.location.href = options[i].url;
    }

    function option(i, url) {
      var li = el("li", "kn-option");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
      options.push({ url: url });
      return li;
    }

    function hitOption(h, i) {
      var li = option(i, h.url);
      if (h.internal) li.classList.add("kn-option-internal");
      var title = el("span", "kn-option-title", h.title);
      title.lang = h.locale;
      li.appendChild(title);
      var meta = el("span", "kn-option-meta");
      if (h.internal) meta.appendChild(el("span", "kn-badge kn-badge-internal", t.internal));
      if (h.guide) meta.appendChild(el("span", "kn-badge kn-badge-guide", t.guide));
      meta.appendChild(el("span", "kn-locale", h.locale));
      if (h.category) meta.appendChild(el("span", "kn-category", h.category));
      li.appendChild(meta);
      if (h.snippet && h.snippet.length) {
        var snip = el("span", "kn-option-snippet");
        snip.lang = h.locale;
        h.snippet.forEach(function (p) { snip.appendChild(p.mark ? el("mark", null, p.text) : document.createTextNode(p.text)); });
        li.appendChild(snip);
      }
      if (h.voice) {
        var voice = el("span", "kn-option-voice");
        voice.appendChild(el("strong", null, t.voice + " "));
        voice.appendChild(document.createTextNode(h.voice));
        li.appendChild(voice);
      }
      return li;
    }

    function show(r, q) {
      options = [];
      list.textContent = "";
      r.hits.forEach(function (h, i) { list.appendChild(hitOption(h, i)); });
      var all = option(r.hits.length, r.search_url);
      all.classList.add("kn-option-all");
      all.textContent = fill(t.all, q);
      list.appendChild(all);
      shown = q;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      select(-1);
      say(status, r.hits.length ? fill(t.count, r.hits.length) : t.none);
    }

    var update = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); shown = ""; return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = "/agent/api/search?q=" + encodeURIComponent(q) + "&locale=" + encodeURIComponent(locale ? locale.value : "") +
        (handoff ? "&handoff=" + encodeURIComponent(handoff.value) : "");
      api("GET", url, undefined, controller && controller.signal).then(function (r) {
        if (input.value.trim() !== q) return; // typed on: a newer answer comes
        show(r, q);
      }).catch(function (e) {
        if (e && e.name === "AbortError") return;
        close();
        say(status, t.failed);
      });
    }, 150);

    input.addEventListener("input", update);
    if (locale) locale.addEventListener("change", function () { shown = ""; update(); });
    input.addEventListener("focus", function () { if (shown && shown === input.value.trim() && options.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        if (!list.hidden) { close(); return; }
        input.value = "";
        shown = "";
        say(status, "");
        return;
      }
      if (list.hidden) {
        // From the box down into the hits of the search page.
        if (e.key === "ArrowDown") {
          var first = document.querySelector("[data-kn-hits] a");
          if (first) { e.preventDefault(); first.focus(); }
        }
        return;
      }
      if (e.key === "ArrowDown") { e.preventDefault(); select(Math.min(active + 1, options.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(Math.max(active - 1, -1)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); go(active); }
    });
  }

  // The hits on the search page: ArrowDown/ArrowUp move between their
  // titles; ArrowUp from the first goes back to the box.
  function hitKeys(box) {
    var hits = document.querySelector("[data-kn-hits]");
    if (!hits) return;
    hits.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(hits.querySelectorAll(".kn-hit-title a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === "ArrowUp" && i === 0) { if (box) box.focus(); return; }
      var next = links[Math.min(links.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1)))];
      next.focus();
      next.scrollIntoView({ block: "nearest" });
    });
  }

  // changedForm reports whether a form on the page holds unsaved input.
  function changedForm() {
    return Array.prototype.some.call(document.querySelectorAll("form input, form textarea, form select"), function (f) {
      if (f.type === "hidden") return false;
      if (f.type === "checkbox" || f.type === "radio") return f.checked !== f.defaultChecked;
      if (f.tagName === "SELECT") return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
      return f.value !== f.defaultValue;
    });
  }

  function slashKey(box) {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      e.preventDefault();
      if (box) { box.focus(); box.select(); return; }
      if (!changedForm()) window.location.href = "/agent/search";
    });
  }

  // ---- Copying ----

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "kn-offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  function copyButton(btn) {
    btn.hidden = false;
    var label = btn.textContent;
    var timer;
    btn.addEventListener("click", function () {
      var source = document.getElementById(btn.getAttribute("data-kn-copy"));
      if (!source) return;
      copyText(source.value).then(function () {
        btn.textContent = "✓ " + btn.dataset.done;
        btn.classList.add("kn-copied");
        say(statusFor(btn), btn.dataset.done);
        clearTimeout(timer);
        timer = setTimeout(function () { btn.textContent = label; btn.classList.remove("kn-copied"); }, 2500);
      }).catch(function () {
        // Show the text, selected, so that the agent can copy it.
        var details = source.closest("details");
        if (details) details.open = true;
        source.focus();
        source.select();
        say(statusFor(btn), btn.dataset.failed);
      });
    });
  }

  // ---- Sending an article ----

  function sendForm(form) {
    var t = form.dataset;
    var section = form.parentElement;
    var sent = section.querySelector("[data-kn-sent]");
    var output = sent.querySelector("input");
    var status = section.querySelector("[data-kn-status]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var handoff = form.querySelector("input[name=handoff]");
      button.disabled = true;
      status.textContent = t.busy;
      api("POST", "/agent/api/links", {
        locale: form.querySelector("input[name=locale]").value,
        id: form.querySelector("input[name=id]").value,
        handoff: handoff ? parseInt(handoff.value, 10) || 0 : 0
      }).then(function (r) {
        output.value = r.url;
        sent.hidden = false;
        say(status, fill(t.made, r.url));
        output.focus();
        output.select();
      }).catch(function (err) {
        say(status, err.message && !/^\d+$/.test(err.message) ? err.message : t.failed);
      }).then(function () { button.disabled = false; });
    });
  }

  // ---- Guides ----

  function guideKeys(step) {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      var target = null;
      if (/^[1-9]$/.test(e.key)) target = step.querySelector('a[data-key="' + e.key + '"]');
      else if (e.key === "Backspace") target = step.querySelector("a[data-kn-back]");
      if (!target) return;
      e.preventDefault();
      target.classList.add("kn-pressed");
      target.click();
    });
    // After a choice the new step's heading takes focus, so that it is
    // read out and Tab continues from there.
    if (/[?&]step=/.test(window.location.search)) {
      var h = step.querySelector("#kn-step-title");
      if (h) h.focus({ preventScroll: true });
    }
  }

  // ---- Drafts ----

  function draftForm(form) {
    var t = form.dataset;
    var result = document.querySelector("[data-kn-draft-result]");
    var status = statusFor(form);
    var button = form.querySelector("button[type=submit]");
    var question = form.querySelector("textarea[name=q]");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = question.value.trim();
      var locale = form.querySelector("select[name=locale]").value;
      var handoff = form.querySelector("input[name=handoff]");
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      status.textContent = t.busy;
      api("POST", "/agent/api/draft", { question: q, locale: locale, handoff: handoff ? parseInt(handoff.value, 10) || 0 : 0 })
        .then(function (a) {
          question.removeAttribute("aria-invalid");
          result.replaceChildren(answer(a, t, locale));
          result.querySelectorAll("[data-kn-copy]").forEach(copyButton);
          var params = new URLSearchParams({ q: q, locale: locale });
          if (handoff) params.set("handoff", handoff.value);
          history.replaceState(null, "", "/agent/draft?" + params.toString());
          say(status, a.declined ? t.declined : t.done);
        })
        .catch(function (err) {
          if (err.status === 400) question.setAttribute("aria-invalid", "true");
          say(status, err.message && !/^\d+$/.test(err.message) ? err.message : t.failed);
        })
        .then(function () { button.disabled = false; form.removeAttribute("aria-busy"); });
    });
  }

  // answer builds what draft.html shows for an answer.
  function answer(a, t, locale) {
    var section = el("section", "kn-answer");
    section.setAttribute("aria-labelledby", "kn-answer-title");
    var h = el("h2", null, t.answer);
    h.id = "kn-answer-title";
    section.appendChild(h);
    if (a.declined) {
      var box = el("div", "kn-declined");
      var p = el("p");
      p.appendChild(el("strong", null, t.declined));
      box.appendChild(p);
      box.appendChild(el("p", null, t.declinedText));
      var link = el("a", "button", t.search);
      link.href = a.search_url;
      var lp = el("p");
      lp.appendChild(link);
      box.appendChild(lp);
      section.appendChild(box);
      return section;
    }
    section.appendChild(el("p", "kn-hint", a.mode === "generated" ? t.modeGenerated : t.modeExtractive));
    var text = el("div", "kn-answer-text");
    text.lang = locale;
    a.parts.forEach(function (part) {
      if (!part.cite) { text.appendChild(document.createTextNode(part.text)); return; }
      var c = el("a", "kn-cite", part.text);
      c.href = "#kn-cite-" + part.cite;
      text.appendChild(c);
    });
    section.appendChild(text);
    var actions = el("div", "kn-actions");
    var copy = el("button", "secondary", t.copy);
    copy.type = "button";
    copy.setAttribute("data-kn-copy", "kn-draft-plain");
    copy.dataset.done = t.copyDone;
    copy.dataset.failed = t.copyFailed;
    actions.appendChild(copy);
    section.appendChild(actions);
    var details = el("details", "kn-plain");
    details.appendChild(el("summary", null, t.plain));
    var label = el("label", "kn-sr", t.plainLabel);
    label.htmlFor = "kn-draft-plain";
    details.appendChild(label);
    var area = el("textarea");
    area.id = "kn-draft-plain";
    area.readOnly = true;
    area.rows = 6;
    area.value = a.plain;
    details.appendChild(area);
    section.appendChild(details);
    section.appendChild(el("h3", null, t.sources));
    var ol = el("ol", "kn-sources");
    a.citations.forEach(function (c) {
      var li = el("li");
      li.id = "kn-cite-" + c.n;
      var link = el("a", null, c.title);
      link.href = c.url;
      li.appendChild(link);
      if (c.section) li.appendChild(el("span", "kn-section", " · " + c.section));
      if (c.internal) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "kn-badge kn-badge-internal", t.internal));
      }
      ol.appendChild(li);
    });
    section.appendChild(ol);
    return section;
  }

  function start() {
    var form = document.querySelector("form[data-kn-search]");
    var box = form ? form.querySelector("input[name=q]") : null;
    if (form) searchBox(form);
    slashKey(box);
    hitKeys(box);
    document.querySelectorAll("[data-kn-copy]").forEach(copyButton);
    document.querySelectorAll("form[data-kn-send]").forEach(sendForm);
    var step = document.querySelector("[data-kn-guide]");
    if (step) guideKeys(step);
    var draft = document.querySelector("form[data-kn-draft]");
    if (draft) draftForm(draft);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
})();
