/*
 * Spine Triage Assistant: the embeddable chat widget.
 *
 * Paste ONE snippet into a page (see README.md, "Putting the assistant on your own site"):
 *
 *   <script src="https://ASSISTANT-HOST/embed.js" async
 *           data-emergency-number="112"     (optional: 999 / 112 / 911; default: the server's)
 *           data-target="#triage-chat"      (optional: mount inside this element; default: a
 *                                            floating button that opens the chat)
 *   ></script>
 *
 * Everything (this file, the styles, rasa-webchat 1.0.1) comes from the assistant's own server:
 * no CDN. The widget talks to the Rasa server over socket.io and keeps the conversation in the
 * browser's local storage, so a reload continues it; "Start over" forgets it.
 *
 * Custom bot messages (json_message {"data": {...}} from actions/links.py) are rendered by
 * `customComponent` as cards: the end of the interview (`triage_ending`, one message: the urgency
 * banner that cannot be missed for emergency and urgent, the reasons, the safety net, the body map
 * and the summary link), and older `triage_card` messages kept in a browser's storage. Self-check steps ("1. ...") are shown as a numbered list.
 *
 * The widget's words are not in this file: /config.js (web/server.py) sends them in
 * SPINE_CONFIG.words, from the `page` section of the server's <language>/messages.yml (and the
 * ending's section titles of `render`); {name} in a sentence is filled in here by `say`.
 */
(function () {
  "use strict";
  if (window.SpineTriage && window.SpineTriage.mounted) { return; }

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src*='embed.js']");
    return all[all.length - 1];
  })();
  var BASE = script.src.replace(/[^/]*(\?.*)?$/, "");
  var opts = script.dataset || {};
  var STORAGE_KEY = "chat_session";  // rasa-webchat's own key
  var WORDS = {};  // SPINE_CONFIG.words, set by `mount`

  // A sentence of the widget, its {name} fields filled in.
  function say(key, fields) {
    var text = WORDS[key] === undefined ? key : String(WORDS[key]);
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return fields && fields[name] !== undefined ? String(fields[name]) : all;
    });
  }

  // ------------------------------------------------------------------ loading (same server)
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }
  function loadCss(href) {
    if (document.querySelector("link[data-spine-css]")) { return; }
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = href;
    l.setAttribute("data-spine-css", "");
    document.head.appendChild(l);
  }

  // ------------------------------------------------------------------ tiny element helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  // React elements for customComponent, without loading a second React: rasa-webchat's bundled
  // React 16 accepts plain element objects (this is what React.createElement returns).
  var REACT_ELEMENT = (typeof Symbol === "function" && Symbol.for) ? Symbol.for("react.element") : 0xeac7;
  function h(type, props) {
    var children = Array.prototype.slice.call(arguments, 2).filter(function (c) { return c !== null && c !== false && c !== undefined; });
    var p = {};
    Object.keys(props || {}).forEach(function (k) { if (k !== "key") { p[k] = props[k]; } });
    if (children.length === 1) { p.children = children[0]; } else if (children.length) { p.children = children; }
    return { $$typeof: REACT_ELEMENT, type: type, key: props && props.key !== undefined ? String(props.key) : null,
      ref: null, props: p, _owner: null, _store: {} };
  }

  // the card's first line: page.kicker_<level>, or the level's name for a level without one
  function kicker(level) { return WORDS["kicker_" + level] !== undefined ? say("kicker_" + level) : level; }

  function list(title, items, key) {
    return items && items.length ? h("div", { className: "spine-card__why", key: key },
      h("p", { className: "spine-card__why-title" }, title),
      h("ul", null, items.map(function (r, i) { return h("li", { key: i }, r); }))) : null;
  }

  // The end of the interview: ONE channel-neutral message (actions/links.py `ending`), said once,
  // in order: what to do now, why, self-care, safety net, body map, summary link, disclaimer.
  function EndingCard(props) {
    var level = props.level || "routine";
    var alert = props.tone === "alert";
    var map = props.bodymap_url;
    return h("div", {
      className: "spine-card spine-card--" + level + (alert ? " spine-card--alert" : ""),
      role: alert ? "alert" : "status",
      "data-level": level
    },
      h("p", { className: "spine-card__kicker" }, h("span", { className: "spine-card__icon", "aria-hidden": "true" }, alert ? "!" : "i"), kicker(level)),
      h("p", { className: "spine-card__headline" }, props.first_line || ""),
      props.stopped_early ? h("p", null, props.stopped_early) : null,
      props.recommendation ? h("p", { className: "spine-card__action" }, props.recommendation) : null,
      props.call ? h("a", { className: "spine-card__call", href: "tel:" + props.call }, say("call", { number: props.call })) : null,
      list(say("reasons"), props.reasons, "why"),
      list(say("self_care"), props.self_care, "care"),
      list(say("safety_net"), props.safety_net, "net"),
      map ? h("img", { className: "rw-image-frame spine-bodymap", src: map, alt: describeMap(map) }) : null,
      props.summary_url ? h("p", null, h("a", {
        className: "spine-summary-link", href: props.summary_url, target: "_blank", rel: "noopener noreferrer"
      }, say("summary_link")), " " + say("summary_private", { valid: props.summary_valid || say("summary_valid") })) : null,
      props.disclaimer ? h("p", { className: "spine-card__disclaimer" }, props.disclaimer) : null
    );
  }

  function TriageCard(props) {
    if (props && props.type === "triage_ending") { return EndingCard(props); }
    if (props && props.type === "forgotten") { forgotten(); return h("p", { className: "spine-forgotten" }, say("deleted")); }
    if (!props || props.type !== "triage_card") {
      return h("div", { className: "spine-card spine-card--calm" }, h("p", null, String(props && props.text !== "undefined" ? props.text || "" : "")));
    }
    var level = props.level || "routine";
    var alert = props.tone === "alert";
    var reasons = (props.reasons || []).slice(0, 3);
    return h("div", {
      className: "spine-card spine-card--" + level + (alert ? " spine-card--alert" : ""),
      role: alert ? "alert" : "status",
      "data-level": level
    },
      h("p", { className: "spine-card__kicker" }, h("span", { className: "spine-card__icon", "aria-hidden": "true" }, alert ? "!" : "i"), kicker(level)),
      h("p", { className: "spine-card__headline" }, props.headline || ""),
      h("p", { className: "spine-card__action" }, props.action || ""),
      props.call ? h("a", { className: "spine-card__call", href: "tel:" + props.call }, say("call", { number: props.call })) : null,
      reasons.length ? h("div", { className: "spine-card__why" },
        h("p", { className: "spine-card__why-title" }, say("why")),
        h("ul", null, reasons.map(function (r, i) { return h("li", { key: i }, r); }))) : null
    );
  }

  // ------------------------------------------------------------------ accessibility patches
  // rasa-webchat renders some controls without names or keyboard access; fix them as they appear.
  function describeMap(src) {
    var q = {};
    try { new URL(src, window.location.href).searchParams.forEach(function (v, k) { q[k] = v; }); } catch (e) { /* old browser */ }
    var text = say("map_alt");
    if (q.roots) { text += " " + say("map_roots", { roots: q.roots.split(",").join(", ") }); }
    if (q.regions) { text += " " + say("map_regions", { regions: q.regions.split(",").join(", ").replace(/_/g, " ") }); }
    return text;
  }
  function patch(root) {
    root.querySelectorAll(".rw-new-message:not([aria-label])").forEach(function (n) {
      n.setAttribute("aria-label", say("answer"));
    });
    root.querySelectorAll(".rw-send:not([aria-label])").forEach(function (n) { n.setAttribute("aria-label", say("send")); });
    root.querySelectorAll(".rw-send img, .rw-send svg").forEach(function (n) {
      n.setAttribute("aria-hidden", "true");
      if (n.tagName === "IMG") { n.setAttribute("alt", ""); }
    });
    root.querySelectorAll(".rw-messages-container:not([role])").forEach(function (n) {
      n.setAttribute("role", "log");
      n.setAttribute("aria-live", "polite");
      n.setAttribute("aria-label", say("conversation"));
      n.setAttribute("tabindex", "0");
    });
    root.querySelectorAll(".rw-reply:not([role]):not(a)").forEach(function (n) {
      n.setAttribute("role", "button");
      n.setAttribute("tabindex", "0");
      n.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); n.click(); }
      });
    });
    root.querySelectorAll("img.rw-image-frame:not([alt])").forEach(function (n) {
      n.setAttribute("alt", describeMap(n.getAttribute("src") || ""));
      if (/bodymap\./.test(n.getAttribute("src") || "")) { n.classList.add("spine-bodymap"); }
    });
    root.querySelectorAll(".rw-response a[href*='/summary/']:not(.spine-summary-link)").forEach(function (n) {
      // the long signed address becomes a clear button (the message itself never changes later)
      n.classList.add("spine-summary-link");
      n.textContent = say("summary_link");
      n.setAttribute("target", "_blank");
      n.setAttribute("rel", "noopener noreferrer");
    });
    root.querySelectorAll(".rw-avatar:not([alt])").forEach(function (n) { n.setAttribute("alt", ""); });
    // numbered steps (self-checks): mark the list so it reads as steps
    root.querySelectorAll(".rw-response ol:not(.spine-steps)").forEach(function (n) {
      n.classList.add("spine-steps");
      n.setAttribute("aria-label", say("steps"));
    });
    root.querySelectorAll(".rw-header .rw-close-button:not([aria-label])").forEach(function (n) { n.setAttribute("aria-label", say("close")); });
  }

  // ------------------------------------------------------------------ mounting
  function startOver() {
    try { window.localStorage.removeItem(STORAGE_KEY); window.sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* storage blocked */ }
    window.location.reload();
  }

  // ------------------------------------------------------------------ forget me (docs/privacy.md)
  // The bot deletes the conversation (actions/privacy.py); the page then clears its own copy.
  var FORGOTTEN_KEY = "spine_forgotten";
  function clearCopy() {
    try {
      [window.localStorage, window.sessionStorage].forEach(function (s) { s.removeItem(STORAGE_KEY); });
    } catch (e) { /* storage blocked */ }
  }
  var forgetting = false;
  function forgotten(text) {
    if (forgetting) { return; }
    forgetting = true;
    clearCopy();
    try { window.sessionStorage.setItem(FORGOTTEN_KEY, text || say("forgotten_here")); } catch (e) { /* ignore */ }
    // time to read the bot's answer; the widget may store again meanwhile, so clear once more
    window.setTimeout(function () { clearCopy(); window.location.reload(); }, text ? 0 : 5000);
  }
  function storedSession() {
    try {
      var raw = window.localStorage.getItem(STORAGE_KEY) || window.sessionStorage.getItem(STORAGE_KEY);
      var id = raw && JSON.parse(raw).session_id;
      return typeof id === "string" && id ? id : null;
    } catch (e) { return null; }
  }
  function deleteConversation(socketUrl, showStatus) {
    if (!window.confirm(say("forget_confirm"))) { return; }
    var sender = storedSession();
    if (!sender) { forgotten(say("forget_nothing")); return; }
    showStatus(say("forgetting"));
    window.fetch(socketUrl.replace(/\/+$/, "") + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: "/confirm_forget" })
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (replies) {
      var said = (replies || []).map(function (m) { return m && m.text; }).filter(Boolean).join(" ");
      forgotten(said || say("forgotten"));
    }).catch(function () {
      showStatus(say("forget_failed"));
    });
  }

  function build(cfg) {
    var number = opts.emergencyNumber || cfg.emergencyNumber || "999";
    var title = opts.title || say("name");
    var target = opts.target ? document.querySelector(opts.target) : null;
    var floating = !target;

    var status = el("p", { "class": "spine-status", role: "status", "aria-live": "polite" });
    var widget = el("div", { "class": "spine-widget" });
    var restart = el("button", { type: "button", "class": "spine-restart" }, [say("start_over")]);
    restart.addEventListener("click", function () {
      if (window.confirm(say("start_over_confirm"))) { startOver(); }
    });
    // the sentence around the number: the number becomes a tel: link where {number} stands
    var call = say("emergency").split("{number}");
    var around = [call[0]];
    call.slice(1).forEach(function (rest) {
      around.push(el("a", { href: "tel:" + number, "class": "spine-emergency__number", text: number }), rest);
    });
    var emergency = el("p", { "class": "spine-emergency" }, [
      el("span", { "class": "spine-emergency__icon", "aria-hidden": "true", text: "!" }),
      el("span", {}, around.filter(function (part) { return part !== ""; }))
    ]);
    var disclaimer = el("p", { "class": "spine-disclaimer", role: "note" }, [
      el("strong", { text: say("not_diagnosis") + " " }),
      say("disclaimer")
    ]);
    var forget = el("button", { type: "button", "class": "spine-restart spine-forget" }, [say("forget")]);
    var bar = el("div", { "class": "spine-bar" }, [emergency, restart, forget]);
    var panel = el("section", { "class": "spine-chat" + (floating ? " spine-chat--floating" : ""), "aria-label": say("chat_label", { title: title }) },
      [bar, disclaimer, status, widget]);

    if (floating) {
      var toggle = el("button", { type: "button", "class": "spine-launcher", "aria-expanded": "false", "aria-controls": "spine-chat-panel" },
        [say("launcher")]);
      panel.id = "spine-chat-panel";
      panel.hidden = true;
      var close = el("button", { type: "button", "class": "spine-close", "aria-label": say("close_panel"), text: "×" });
      bar.appendChild(close);
      var open = function (yes) {
        panel.hidden = !yes;
        toggle.setAttribute("aria-expanded", String(yes));
        toggle.hidden = yes;
        try { window.sessionStorage.setItem("spine_open", yes ? "1" : ""); } catch (e) { /* ignore */ }
        if (yes) { var input = panel.querySelector(".rw-new-message"); if (input) { input.focus(); } } else { toggle.focus(); }
      };
      toggle.addEventListener("click", function () { open(true); });
      close.addEventListener("click", function () { open(false); });
      document.body.appendChild(toggle);
      document.body.appendChild(panel);
      try { if (window.sessionStorage.getItem("spine_open")) { open(true); } } catch (e) { /* ignore */ }
    } else {
      target.appendChild(panel);
    }
    return { widget: widget, status: status, panel: panel, number: number, title: title, forget: forget };
  }

  function mount(cfg) {
    WORDS = cfg.words || {};
    var ui = build(cfg);
    var notice = "";  // what "Delete my conversation" did; stays until the page is left
    function showStatus(text) { ui.status.textContent = text || notice; ui.status.hidden = !(text || notice); }
    showStatus("");
    if (!window.WebChat) { showStatus(say("not_loaded")); return; }
    var assistant = new URL(BASE, window.location.href);
    var socketUrl = opts.socketUrl || cfg.socketUrl ||
      assistant.protocol + "//" + assistant.hostname + ":" + (cfg.rasaPort || "5005");

    new MutationObserver(function () { patch(ui.panel); }).observe(ui.panel, { childList: true, subtree: true });
    ui.forget.addEventListener("click", function () { deleteConversation(socketUrl, showStatus); });
    try {
      var done = window.sessionStorage.getItem(FORGOTTEN_KEY);
      if (done) { window.sessionStorage.removeItem(FORGOTTEN_KEY); notice = done; showStatus(""); }
    } catch (e) { /* ignore */ }

    window.WebChat.default({
      socketUrl: socketUrl,
      socketPath: "/socket.io/",
      initPayload: cfg.initPayload || "/greet",
      title: ui.title,
      subtitle: opts.subtitle || say("subtitle"),
      inputTextFieldHint: say("input"),
      embedded: true,
      showFullScreenButton: false,
      showMessageDate: false,
      hideWhenNotConnected: false,
      displayUnreadCount: false,
      customComponent: TriageCard,
      customMessageDelay: function (message) {
        return Math.min(1200, Math.max(250, (message || "").length * 8));
      },
      params: { storage: "local", images: { dims: { width: 300, height: 372 } } },
      onSocketEvent: {
        connect: function () { showStatus(""); },
        disconnect: function () { showStatus(say("lost")); },
        connect_error: function () { showStatus(say("unreachable")); }
      }
    }, ui.widget);
    patch(ui.panel);
    window.SpineTriage.mounted = true;
  }

  window.SpineTriage = { startOver: startOver, mounted: false };
  loadCss(BASE + "embed.css");
  loadScript(BASE + "config.js")
    .then(function () { return window.WebChat ? null : loadScript(BASE + "vendor/webchat.js"); })
    .then(function () {
      var start = function () { mount(window.SPINE_CONFIG || {}); };
      if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
    })
    .catch(function (err) {
      if (window.console) { window.console.error("Spine Triage Assistant:", err); }
    });
})();
