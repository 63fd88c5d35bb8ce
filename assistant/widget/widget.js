// Loket chat widget: one <script> tag on any page gives it a chat with the
// help site's assistant. docs/widget.md describes the options; in short:
//
//   <script src="https://help.example.nl/widget.js" data-locale="nl" defer></script>
//
// The widget lives in a shadow root, so the page's styles do not reach it
// and its styles do not reach the page. It builds every element with DOM
// calls and puts the server's text in with textContent, never as HTML. It
// uses no inline styles, so a page whose policy says style-src 'self'
// (plus the widget's origin) shows it. Plain ES2017, no dependencies.
(function () {
  "use strict";
  if (window.LoketChat) { return; } // the tag is on the page twice

  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, location.href).origin;
  // The server replaces "dev" with the style sheet's fingerprint.
  var styleURL = origin + "/widget.css?v=dev";
  var storeKey = "loket-chat:" + origin;
  var maxLength = 1000; // loket.MaxQuestionLength
  var maxItems = 60;    // messages kept in sessionStorage

  var TEXT = {
    nl: {
      launcher: "Stel je vraag",
      region: "Chat",
      title: "Chat met ons",
      close: "Chat sluiten",
      restart: "Nieuw gesprek",
      log: "Gesprek",
      welcome: "Hallo! Ik ben de digitale assistent en zoek het antwoord voor je op in onze artikelen. Waar kan ik je mee helpen?",
      label: "Je vraag",
      placeholder: "Typ je vraag…",
      hint: "Enter verstuurt, Shift+Enter geeft een nieuwe regel.",
      send: "Versturen",
      you: "Jij:",
      bot: "Assistent:",
      typing: "De assistent zoekt het antwoord op…",
      sources: "Bronnen",
      newTab: "opent in een nieuw tabblad",
      source: "Bron {n}: {title}",
      helpful: "Heeft dit geholpen?",
      yes: "Ja",
      no: "Nee",
      contact: "Hoe kunnen we je bereiken?",
      reach: "E-mailadres of telefoonnummer",
      name: "Naam",
      optional: "(optioneel)",
      contactSend: "Gegevens versturen",
      contactNeed: "Vul je e-mailadres of telefoonnummer in.",
      badEmail: "Dit e-mailadres klopt niet. Kijk het na en probeer het opnieuw.",
      badPhone: "Dit telefoonnummer klopt niet. Gebruik 8 tot 15 cijfers.",
      tooLong: "Je bericht is te lang: houd het onder de 1000 tekens.",
      network: "Er is geen verbinding met de chat. Controleer je internetverbinding en probeer het opnieuw.",
      failed: "Er ging iets mis bij ons. Probeer het over een paar minuten opnieuw.",
      rate: "Je hebt veel berichten kort na elkaar gestuurd. Probeer het over een minuut opnieuw.",
      expired: "Het vorige gesprek is verlopen, dus dit is een nieuw gesprek."
    },
    en: {
      launcher: "Ask a question",
      region: "Chat",
      title: "Chat with us",
      close: "Close the chat",
      restart: "New conversation",
      log: "Conversation",
      welcome: "Hello! I am the digital assistant, and I look up the answer for you in our articles. What can I help you with?",
      label: "Your question",
      placeholder: "Type your question…",
      hint: "Enter sends, Shift+Enter starts a new line.",
      send: "Send",
      you: "You:",
      bot: "Assistant:",
      typing: "The assistant is looking up the answer…",
      sources: "Sources",
      newTab: "opens in a new tab",
      source: "Source {n}: {title}",
      helpful: "Did this help?",
      yes: "Yes",
      no: "No",
      contact: "How can we reach you?",
      reach: "E-mail address or phone number",
      name: "Name",
      optional: "(optional)",
      contactSend: "Send my details",
      contactNeed: "Fill in your e-mail address or phone number.",
      badEmail: "This e-mail address is not right. Check it and try again.",
      badPhone: "This phone number is not right. Use 8 to 15 digits.",
      tooLong: "Your message is too long: keep it under 1000 characters.",
      network: "There is no connection to the chat. Check your internet connection and try again.",
      failed: "Something went wrong on our side. Try again in a few minutes.",
      rate: "Too many messages in a short time. Try again in a minute.",
      expired: "The previous conversation had expired, so this is a new one."
    }
  };

  // Options, from the script tag.
  var locale = pickLocale(script.getAttribute("data-locale"), document.documentElement.lang);
  var T = TEXT[locale];
  var title = script.getAttribute("data-title") || T.title;
  var startOpen = script.getAttribute("data-open") === "true";
  var accentColour = accessibleAccent(script.getAttribute("data-accent") || "");

  function pickLocale(attr, lang) {
    var tryLocale = function (s) {
      var l = String(s || "").slice(0, 2).toLowerCase();
      return TEXT[l] ? l : "";
    };
    return tryLocale(attr) || tryLocale(lang) || "nl";
  }

  // accessibleAccent returns the colour "#rrggbb", darkened until white text
  // on it (and it on white) has a contrast of at least 4.5:1, or "" when s
  // is not such a colour. The help site does the same with its accent.
  function accessibleAccent(s) {
    if (!/^#[0-9a-f]{6}$/i.test(s)) { return ""; }
    var n = parseInt(s.slice(1), 16);
    var c = [n >> 16 & 255, n >> 8 & 255, n & 255];
    for (var i = 0; i < 40 && contrastWithWhite(c) < 4.5; i++) {
      c = c.map(function (x) { return x * 0.94; });
    }
    return "#" + c.map(function (x) { return ("0" + Math.floor(x).toString(16)).slice(-2); }).join("");
  }

  function contrastWithWhite(c) {
    var ch = c.map(function (x) {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    return 1.05 / (l + 0.05);
  }

  // State: the conversation id and what the panel shows, kept in
  // sessionStorage so that the conversation goes on across page loads.
  var state = loadState();

  function loadState() {
    try {
      var s = JSON.parse(sessionStorage.getItem(storeKey) || "null");
      if (s && typeof s.id === "string" && Array.isArray(s.items)) { return s; }
    } catch (e) { /* storage off or broken: start afresh */ }
    return { id: "", open: null, items: [] };
  }

  function saveState() {
    state.items = state.items.slice(-maxItems);
    try {
      sessionStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) { /* storage off or full: the conversation lasts this page */ }
  }

  // DOM helpers. Text always goes in as text.
  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: ["M20 11.5c0 4.1-3.6 7.5-8 7.5-1.2 0-2.4-.3-3.4-.7L4 19.5l1.2-3.6C4.4 14.6 4 13.1 4 11.5 4 7.4 7.6 4 12 4s8 3.4 8 7.5z"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    send: ["M12 19V5", "M5.5 11.5L12 5l6.5 6.5"],
    restart: ["M12 5v14", "M5 12h14"]
  };
  var uid = 0;

  function el(tag, attrs) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === "text") {
        e.textContent = v;
      } else if (k.slice(0, 2) === "on") {
        e.addEventListener(k.slice(2), v);
      } else {
        e.setAttribute(k, v === true ? "" : v);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] !== null && arguments[i] !== undefined) { e.append(arguments[i]); }
    }
    return e;
  }

  function icon(name) {
    var s = document.createElementNS(SVG, "svg");
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("class", "icon");
    s.setAttribute("aria-hidden", "true");
    s.setAttribute("focusable", "false");
    ICONS[name].forEach(function (d) {
      var p = document.createElementNS(SVG, "path");
      p.setAttribute("d", d);
      s.append(p);
    });
    return s;
  }

  function nextID(prefix) { uid++; return prefix + uid; }

  function format(s, args) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return args[k] === undefined ? m : String(args[k]); });
  }

  // safeURL returns u when it is an http(s) address, else "".
  function safeURL(u) {
    try {
      var p = new URL(u, origin);
      return p.protocol === "https:" || p.protocol === "http:" ? p.href : "";
    } catch (e) {
      return "";
    }
  }

  // The widget.
  var host = document.createElement("loket-chat");
  var root = host.attachShadow({ mode: "open" });
  if (accentColour) {
    // A custom property set through the CSSOM, which a style-src policy
    // allows (unlike a style attribute).
    host.style.setProperty("--loket-chat-accent", accentColour);
  }
  var stylesheet = el("link", { rel: "stylesheet", href: styleURL });
  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel" },
    icon("chat"), el("span", { text: T.launcher }));
  var titleID = "title";
  var closeButton = el("button", { type: "button", class: "icon-button", title: T.close },
    icon("close"), el("span", { class: "vh", text: T.close }));
  var restartButton = el("button", { type: "button", class: "restart" },
    icon("restart"), el("span", { text: T.restart }));
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": T.log, tabindex: "0" });
  var textarea = el("textarea", {
    id: "question", name: "message", rows: "1", maxlength: String(maxLength), placeholder: T.placeholder,
    "aria-describedby": "hint", autocomplete: "off", enterkeyhint: "send"
  });
  var sendButton = el("button", { type: "submit", class: "send", title: T.send },
    icon("send"), el("span", { class: "vh", text: T.send }));
  var compose = el("form", { class: "compose", novalidate: true },
    el("label", { for: "question", class: "vh", text: T.label }),
    el("div", { class: "compose-row" }, textarea, sendButton),
    el("p", { id: "hint", class: "hint", text: T.hint }));
  var panel = el("section", { id: "panel", class: "panel", role: "dialog", "aria-labelledby": titleID, hidden: true },
    el("header", { class: "head" },
      el("h2", { id: titleID, text: title }),
      restartButton, closeButton),
    log, compose);
  var frame = el("aside", { class: "w", "aria-label": T.region, lang: locale, hidden: true }, launcher, panel);
  root.append(stylesheet, frame);

  var ready = false;   // the style sheet has loaded
  var pending = null;  // open() or close() called before that
  var busy = false;    // a message is on its way
  var opener = null;   // the element that opened the panel

  // Opening and closing.
  function isOpen() { return !panel.hidden; }

  function open(focus, from) {
    if (!ready) { pending = { open: true, focus: focus }; return; }
    opener = from && from !== document.body && from !== host ? from : null;
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    if (!log.firstChild) { render(); }
    state.open = true;
    saveState();
    scrollToEnd();
    if (focus) { textarea.focus(); }
  }

  function close(returnFocus) {
    if (!ready) { pending = { open: false }; return; }
    var hadFocus = root.activeElement !== null;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    if (returnFocus || hadFocus) {
      var back = opener && opener.isConnected && !opener.closest("[hidden]") ? opener : launcher;
      back.focus();
    }
    opener = null;
  }

  launcher.addEventListener("click", function () { open(true, null); });
  closeButton.addEventListener("click", function () { close(true); });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !e.isComposing) {
      e.preventDefault();
      close(true);
    }
  });
  restartButton.addEventListener("click", function () {
    state = { id: "", open: true, items: [] };
    saveState();
    render();
    textarea.focus();
  });

  // The message list.
  function render() {
    log.textContent = "";
    log.append(botBubble({ text: T.welcome, cites: [] }, true));
    state.items.forEach(function (item) { log.append(itemNode(item)); });
    restartButton.hidden = state.items.length === 0;
    scrollToEnd();
  }

  function itemNode(item) {
    if (item.t === "user") {
      return el("div", { class: "msg user" }, el("p", { class: "bubble" }, el("span", { class: "vh", text: T.you + " " }), item.text));
    }
    if (item.t === "note") { return note(item.text, false); }
    return botBubble(item, false);
  }

  function add(item) {
    state.items.push(item);
    saveState();
    var node = itemNode(item);
    log.append(node);
    restartButton.hidden = false;
    return node;
  }

  function botBubble(item, welcome) {
    var bubble = el("div", { class: "bubble" }, el("span", { class: "vh", text: T.bot + " " }));
    appendAnswer(bubble, item.text, item.cites || []);
    if (item.cites && item.cites.length) { bubble.append(citationList(item.cites)); }
    var msg = el("div", { class: welcome ? "msg bot welcome" : "msg bot" }, bubble);
    if (item.fb === "ask") { msg.append(feedbackGroup(item, msg)); }
    if (item.handoff === "ask") { msg.append(contactForm(item, msg)); }
    return msg;
  }

  // appendAnswer adds text as paragraphs, with its [n] markers as links to
  // the cited articles.
  function appendAnswer(parent, text, cites) {
    String(text).split(/\n{2,}/).forEach(function (para) {
      var p = el("p");
      var last = 0;
      para.replace(/\[(\d+)\]/g, function (m, n, at) {
        var c = cites[Number(n) - 1];
        var href = c ? safeURL(c.url) : "";
        if (!href) { return m; }
        p.append(para.slice(last, at).replace(/\s+$/, "") + "\u00a0");
        p.append(el("a", {
          class: "ref", href: href, target: "_blank", rel: "noopener",
          "aria-label": format(T.source, { n: n, title: c.title }) + " (" + T.newTab + ")"
        }, el("span", { text: n })));
        last = at + m.length;
        return m;
      });
      p.append(para.slice(last));
      parent.append(p);
    });
  }

  function citationList(cites) {
    return el.apply(null, ["ol", { class: "cites", "aria-label": T.sources }].concat(cites.map(function (c, i) {
      var label = [el("span", { class: "n", text: "[" + (i + 1) + "]" }), " ", el("span", { class: "t", text: c.title })];
      if (c.section) { label.push(el("span", { class: "sec", text: " · " + c.section })); }
      label.push(el("span", { class: "vh", text: " (" + T.newTab + ")" }));
      var href = safeURL(c.url);
      var a = href ? el("a", { href: href, target: "_blank", rel: "noopener" }) : el("span");
      a.append.apply(a, label);
      return el("li", null, a);
    })));
  }

  function note(text, error) {
    return el("div", { class: error ? "msg note error" : "msg note" }, el("p", { class: "bubble", text: text }));
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  // scrollToShow shows the start of a long message rather than its end.
  function scrollToShow(node) {
    var top = node.offsetTop - 12;
    log.scrollTop = node.offsetHeight > log.clientHeight ? top : log.scrollHeight;
  }

  function showError(text) {
    var n = note(text, true);
    log.append(n);
    scrollToEnd();
    return n;
  }

  // Asking. The answer streams in as server-sent events when the browser
  // can read a response as it arrives; otherwise it comes in one piece.
  var canStream = typeof ReadableStream === "function" && typeof TextDecoder === "function" &&
    typeof Response === "function" && "body" in Response.prototype;

  compose.addEventListener("submit", function (e) {
    e.preventDefault();
    send();
  });
  // The text box grows with its text: field-sizing where the browser has
  // it, else its height set through the CSSOM (which a style-src policy
  // allows).
  var sizesItself = !!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"));
  function fit() {
    if (sizesItself) { return; }
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }
  textarea.addEventListener("input", fit);
  textarea.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });

  function setBusy(b) {
    busy = b;
    sendButton.disabled = b;
    restartButton.disabled = b;
    if (b) { log.setAttribute("aria-busy", "true"); } else { log.removeAttribute("aria-busy"); }
  }

  function send() {
    var text = textarea.value.trim();
    if (!text || busy) { return; }
    if (text.length > maxLength) {
      showError(T.tooLong);
      return;
    }
    textarea.value = "";
    fit();
    dropOpenQuestions();
    var userItem = { t: "user", text: text };
    var userNode = add(userItem);
    scrollToEnd();
    setBusy(true);
    var live = liveAnswer();
    ask(text, live).then(function (res) {
      live.remove();
      var node = add(botItem(res));
      scrollToShow(node);
      if (res.handoff && root.activeElement === textarea) {
        var field = node.querySelector("input");
        if (field) { field.focus(); }
      }
    }, function (err) {
      live.remove();
      // Take the message back, so that it can be sent again.
      state.items.splice(state.items.indexOf(userItem), 1);
      saveState();
      userNode.remove();
      if (!textarea.value) { textarea.value = text; fit(); }
      showError(errorText(err));
    }).then(function () { setBusy(false); });
  }

  // dropOpenQuestions removes "Did this help?" from earlier answers once
  // the customer goes on.
  function dropOpenQuestions() {
    state.items.forEach(function (item) { if (item.fb === "ask") { item.fb = null; } });
    Array.prototype.forEach.call(log.querySelectorAll(".feedback"), function (n) { n.remove(); });
  }

  function botItem(res) {
    var answered = !res.declined && (res.mode === "extractive" || res.mode === "generated");
    return {
      t: "bot",
      text: res.answer,
      cites: (res.citations || []).map(function (c) { return { title: c.title, url: c.url, section: c.section || "" }; }),
      fb: answered ? "ask" : null,
      handoff: res.handoff ? "ask" : null
    };
  }

  // liveAnswer shows the typing indicator, then the answer's text as it
  // arrives. It is hidden from screen readers, which hear the finished
  // answer once instead of every piece.
  function liveAnswer() {
    var text = el("p");
    var bubble = el("div", { class: "bubble" }, el("span", { class: "dots" }, el("span"), el("span"), el("span")));
    var node = el("div", { class: "msg bot typing" }, el("p", { class: "vh", text: T.typing }), bubble);
    log.append(node);
    scrollToEnd();
    var shown = false;
    return {
      show: function (s) {
        var atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
        if (!shown) {
          shown = true;
          node.textContent = "";
          node.className = "msg bot streaming";
          node.setAttribute("aria-hidden", "true");
          node.append(el("div", { class: "bubble" }, text));
        }
        text.textContent = s;
        if (atEnd) { scrollToEnd(); }
      },
      remove: function () { node.remove(); }
    };
  }

  function ask(text, live) {
    var body = { message: text, locale: locale, conversation_id: state.id, stream: canStream };
    return chat(body, live).catch(function (err) {
      // A conversation the server no longer knows: start a new one.
      if (err.code === "not_found" && body.conversation_id) {
        state.id = "";
        body.conversation_id = "";
        var n = add({ t: "note", text: T.expired });
        log.insertBefore(n, log.lastChild.previousSibling); // before the live answer
        return chat(body, live);
      }
      throw err;
    }).then(function (res) {
      state.id = res.conversation_id || state.id;
      saveState();
      return res;
    });
  }

  function chat(body, live) {
    return post("/api/v1/chat", body, body.stream ? "text/event-stream" : "application/json").then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      if (type.indexOf("text/event-stream") === 0 && res.body) { return readStream(res, live); }
      return res.json();
    });
  }

  function post(path, body, accept) {
    return fetch(origin + path, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": accept },
      body: JSON.stringify(body)
    }).catch(function () {
      throw apiError("network", "");
    }).then(function (res) {
      if (res.ok) { return res; }
      return res.json().catch(function () { return {}; }).then(function (j) {
        var e = j && j.error ? j.error : {};
        throw apiError(e.code || (res.status === 429 ? "rate_limited" : "internal"), e.message || "");
      });
    });
  }

  function apiError(code, message) {
    var e = new Error(message || code);
    e.code = code;
    return e;
  }

  function errorText(err) {
    switch (err && err.code) {
      case "network": return T.network;
      case "rate_limited": return T.rate;
      case "too_large": return T.tooLong;
      default: return T.failed;
    }
  }

  // readStream reads the events of an answer: "token" adds text, "replace"
  // swaps what was shown for other text, "done" carries the whole answer
  // and "error" a failure after the stream began.
  function readStream(res, live) {
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var shown = "";
    return new Promise(function (resolve, reject) {
      function handle(event, data) {
        if (event === "token") {
          shown += data.text || "";
          live.show(shown);
        } else if (event === "replace") {
          shown = data.text || "";
          live.show(shown);
        } else if (event === "done") {
          resolve(data);
          return true;
        } else if (event === "error") {
          reject(apiError(data.code || "internal", data.message || ""));
          return true;
        }
        return false;
      }
      function pump() {
        reader.read().then(function (r) {
          if (r.done) {
            reject(apiError("network", "the answer broke off"));
            return;
          }
          buffer = (buffer + decoder.decode(r.value, { stream: true })).replace(/\r\n?/g, "\n");
          var end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            var block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            var ev = parseEvent(block);
            if (ev && handle(ev.event, ev.data)) {
              reader.cancel().catch(function () {});
              return;
            }
          }
          pump();
        }, function () {
          reject(apiError("network", ""));
        });
      }
      pump();
    });
  }

  function parseEvent(block) {
    var event = "message";
    var data = [];
    block.split("\n").forEach(function (line) {
      if (!line || line[0] === ":") { return; }
      var colon = line.indexOf(":");
      var field = colon < 0 ? line : line.slice(0, colon);
      var value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") { event = value; }
      if (field === "data") { data.push(value); }
    });
    if (!data.length) { return null; }
    try {
      return { event: event, data: JSON.parse(data.join("\n")) };
    } catch (e) {
      return null;
    }
  }

  // "Did this help?" after an answer.
  function feedbackGroup(item, msg) {
    var id = nextID("fb");
    var yes = el("button", { type: "button", class: "chip", text: T.yes });
    var no = el("button", { type: "button", class: "chip", text: T.no });
    var group = el("div", { class: "feedback", role: "group", "aria-labelledby": id },
      el("span", { id: id, text: T.helpful }), yes, no);
    function vote(helpful) {
      yes.disabled = no.disabled = true;
      post("/api/v1/chat/feedback", { conversation_id: state.id, helpful: helpful }, "application/json")
        .then(function (res) { return res.json(); })
        .then(function (j) {
          item.fb = "done";
          group.remove();
          var node = add({ t: "bot", text: j.answer, cites: [] });
          scrollToShow(node);
          textarea.focus();
        }, function (err) {
          yes.disabled = no.disabled = false;
          showError(errorText(err));
        });
    }
    yes.addEventListener("click", function () { vote(true); });
    no.addEventListener("click", function () { vote(false); });
    return group;
  }

  // The contact form after a handoff: an e-mail address or a phone number,
  // and a name if the customer likes.
  function contactForm(item, msg) {
    var reachID = nextID("reach");
    var nameID = nextID("name");
    var errID = nextID("err");
    var reach = el("input", { id: reachID, name: "reach", type: "text", inputmode: "email", autocomplete: "email", maxlength: "254", required: true });
    var name = el("input", { id: nameID, name: "name", type: "text", autocomplete: "name", maxlength: "200" });
    var error = el("p", { id: errID, class: "field-error", hidden: true });
    var submit = el("button", { type: "submit", class: "primary", text: T.contactSend });
    var form = el("form", { class: "contact", novalidate: true, "aria-label": T.contact },
      el("label", { for: reachID, text: T.reach }), reach, error,
      el("label", { for: nameID }, T.name + " ", el("span", { class: "optional", text: T.optional })), name,
      submit);
    function fail(text) {
      error.textContent = text;
      error.hidden = false;
      reach.setAttribute("aria-invalid", "true");
      reach.setAttribute("aria-describedby", errID);
      reach.focus();
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = reach.value.trim();
      var body = { conversation_id: state.id, name: name.value.trim(), email: "", phone: "" };
      var problem = contactProblem(v);
      if (problem) { fail(problem); return; }
      if (v.indexOf("@") >= 0) { body.email = v; } else { body.phone = v; }
      submit.disabled = true;
      post("/api/v1/chat/contact", body, "application/json")
        .then(function (res) { return res.json(); })
        .then(function (j) {
          item.handoff = "done";
          form.remove();
          var node = add({ t: "bot", text: j.answer, cites: [] });
          scrollToShow(node);
          textarea.focus();
        }, function (err) {
          submit.disabled = false;
          if (err.code === "invalid") {
            fail(body.email ? T.badEmail : T.badPhone);
          } else {
            fail(errorText(err));
          }
        });
    });
    return form;
  }

  // contactProblem checks what the server checks, so that the customer
  // hears it in their language: a plausible e-mail address, or a phone
  // number of 8 to 15 digits.
  function contactProblem(v) {
    if (!v) { return T.contactNeed; }
    if (v.indexOf("@") >= 0) {
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? "" : T.badEmail;
    }
    var digits = v.replace(/\D/g, "").length;
    return /^[0-9+\-\s().\/]+$/.test(v) && digits >= 8 && digits <= 15 ? "" : T.badPhone;
  }

  // Links on the page to "#chat", and elements marked data-loket-chat-open,
  // open the panel; elements marked data-loket-chat are shown, as they are
  // hidden for visitors without JavaScript.
  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target.closest('a[href="#chat"], [data-loket-chat-open]') : null;
    if (!t) { return; }
    e.preventDefault();
    open(true, t);
  });

  function start() {
    ready = true;
    frame.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll("[data-loket-chat]"), function (n) { n.hidden = false; });
    var wide = window.matchMedia("(min-width: 481px)").matches;
    if (pending) {
      if (pending.open) { open(pending.focus, null); }
    } else if (location.hash === "#chat") {
      open(true, null);
    } else if (wide && (state.open === true || (state.open === null && startOpen))) {
      // Open again on the next page, or from the start with data-open, but
      // not on a phone, where the panel would cover the whole page.
      open(false, null);
    }
  }

  stylesheet.addEventListener("load", start);
  stylesheet.addEventListener("error", function () {
    // Without its style sheet the widget would be a mess at the end of the
    // page: stay hidden, and say why to whoever looks.
    if (window.console) { console.warn("Loket chat: " + styleURL + " did not load; check the page's Content-Security-Policy (style-src)."); }
  });

  window.LoketChat = Object.freeze({
    // open opens the chat panel and puts the focus in its text box.
    open: function () { open(true, document.activeElement); },
    // close closes the panel.
    close: function () { if (!ready || isOpen()) { close(false); } }
  });

  function mount() { document.body.append(host); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
