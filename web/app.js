// Mount the rasa-webchat widget, talking to the Rasa server over socket.io.
// window.SPINE_CONFIG comes from /config.js, written by scripts/serve_web.py from the environment.
(function () {
  "use strict";
  var cfg = window.SPINE_CONFIG || {};
  var status = document.getElementById("status");

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  if (!window.WebChat) {
    showStatus("The chat widget could not be loaded (web/node_modules missing? run `make install`).");
    return;
  }

  var socketUrl = cfg.socketUrl ||
    window.location.protocol + "//" + window.location.hostname + ":" + (cfg.rasaPort || "5005");

  window.WebChat.default({
    socketUrl: socketUrl,
    socketPath: "/socket.io/",
    initPayload: cfg.initPayload || "/greet",
    title: "Spine Triage Assistant",
    subtitle: "Not a diagnosis. Emergency? Call 999 / 112 / 911.",
    inputTextFieldHint: "Type your answer…",
    embedded: true,
    showMessageDate: false,
    hideWhenNotConnected: false,
    // Show each reply after a short pause that grows with its length (at most 1.5 s).
    customMessageDelay: function (message) {
      return Math.min(1500, Math.max(300, (message || "").length * 10));
    },
    // Keep the conversation in localStorage: a reload continues it (the socketio channel has
    // session_persistence on, so the server keeps the same conversation id).
    params: { storage: "local" },
    onSocketEvent: {
      connect: function () { showStatus(""); },
      disconnect: function () { showStatus("Connection to the assistant lost; retrying…"); },
      connect_error: function () { showStatus("Cannot reach the assistant at " + socketUrl + ". Is `make run` running?"); }
    }
  }, document.getElementById("webchat"));

  document.getElementById("restart").addEventListener("click", function () {
    // rasa-webchat keeps its state under the "chat_session" key.
    window.localStorage.removeItem("chat_session");
    window.sessionStorage.removeItem("chat_session");
    window.location.reload();
  });
})();
