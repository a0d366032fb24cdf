// The virtual foyer: one WebSocket to /ws/foyer/<id>/ (see lampio/foyer/schema.py for every
// message). Reconnects with backoff and asks for what it missed since its last event id;
// messages are announced politely (role="log"), never stealing focus, and the list does not
// jump while someone reads older messages.
(function () {
  "use strict";
  var root = document.querySelector("[data-foyer]");
  if (!root || !window.WebSocket) return;
  var texts = JSON.parse(document.getElementById("foyer-texts").textContent);
  function t(key, params) {
    var text = texts[key] || key;
    Object.keys(params || {}).forEach(function (name) { text = text.replace("%(" + name + ")s", params[name]); });
    return text;
  }
  function $(selector) { return root.querySelector(selector); }
  var list = $("[data-messages]");
  var newMessages = $("[data-new-messages]");
  var errorLine = $("[data-foyer-error]");
  var presence = $("[data-presence]");
  var countdown = $("[data-countdown]");
  var chatForm = $("[data-chat]");
  var askForm = $("[data-ask]");
  var socketUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
    root.getAttribute("data-socket") + "?lang=" + encodeURIComponent(document.documentElement.lang || "fi");

  var socket = null;
  var attempts = 0;
  var lastEventId = 0;
  var welcomed = false;
  var seen = {};
  var me = null;
  var heartbeat = null;
  var clockOffset = 0;
  var totals = {};
  JSON.parse(document.getElementById("foyer-reaction-kinds").textContent).forEach(function (kind) { totals[kind] = 0; });
  var pendingReactions = {};

  function send(payload) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(payload)); return true; }
    return false;
  }

  // Counts for the platform's own statistics (lampio/feedback/telemetry.py): joining and
  // leaving, and how many messages and reactions were sent, never what they said.
  var joined = false;
  var sentCounts = { foyer_messages: 0, foyer_reactions: 0 };
  function count(kind, value) {
    if (window.lampioBeacon) window.lampioBeacon.record(kind, { value: value });
  }
  function countsFlush() {
    Object.keys(sentCounts).forEach(function (kind) {
      if (sentCounts[kind]) { count(kind, sentCounts[kind]); sentCounts[kind] = 0; }
    });
  }
  window.setInterval(countsFlush, 30000);
  window.addEventListener("pagehide", function () {
    countsFlush();
    if (joined) count("foyer_leave");
    if (window.lampioBeacon) window.lampioBeacon.flush();
  });

  function connect() {
    socket = new WebSocket(socketUrl);
    socket.addEventListener("open", function () {
      attempts = 0;
      if (!joined) { joined = true; count("foyer_join"); }
      // After a reconnect, ask for what was missed; a first visit gets the recent messages
      // in the welcome and needs no replay.
      if (welcomed) send({ type: "hello", last_event_id: lastEventId });
      send({ type: "clock", client_time: Date.now() / 1000 });
      window.clearInterval(heartbeat);
      heartbeat = window.setInterval(function () {
        send({ type: "heartbeat" });
        send({ type: "clock", client_time: Date.now() / 1000 });
      }, 25000);
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      var handler = handlers[data.type];
      if (handler) handler(data);
    });
    socket.addEventListener("close", function (event) {
      window.clearInterval(heartbeat);
      if (event.code === 4403 || event.code === 4404) return;  // removed, or no such foyer
      presence.textContent = t("reconnecting");
      attempts += 1;
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts - 1)) * (0.75 + Math.random() * 0.5);
      window.setTimeout(connect, delay);
    });
  }

  // --- rendering -----------------------------------------------------------------------
  function nearBottom() { return list.scrollHeight - list.scrollTop - list.clientHeight < 48; }
  function addMessage(message) {
    if (seen[message.id]) return;
    seen[message.id] = true;
    lastEventId = Math.max(lastEventId, message.id);
    var stick = nearBottom();
    var item = document.createElement("p");
    item.className = "message" + (message.kind === "announcement" ? " message-announcement" : "");
    item.setAttribute("data-message-id", message.id);
    var author = document.createElement("strong");
    if (message.kind === "announcement") {
      author.textContent = t("announcement") + (message.author ? " – " + message.author : "") + ": ";
    } else {
      author.textContent = (message.author || t("name_removed")) + ": ";
    }
    var body = document.createElement("span");
    body.textContent = message.text;
    item.appendChild(author);
    item.appendChild(body);
    item.appendChild(messageTools(message));
    list.appendChild(item);
    if (stick) { list.scrollTop = list.scrollHeight; } else { newMessages.hidden = false; }
  }
  function toolButton(label, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = label;
    button.addEventListener("click", action);
    return button;
  }
  function messageTools(message) {
    var tools = document.createElement("span");
    tools.className = "message-tools";
    if (!me || !me.can_write || message.author_id === me.user_id) return tools;
    if (me.is_host) {
      tools.appendChild(toolButton(t("pin"), function () { send({ type: "host_pin", message_id: message.id }); }));
      tools.appendChild(toolButton(t("hide"), function () { send({ type: "host_hide", message_id: message.id }); }));
      if (message.author_id) {
        tools.appendChild(toolButton(t("mute"), function () { send({ type: "host_mute", user_id: message.author_id, minutes: 10 }); }));
        tools.appendChild(toolButton(t("remove"), function () { send({ type: "host_remove", user_id: message.author_id }); }));
      }
    } else {
      tools.appendChild(toolButton(t("report"), function () { send({ type: "report", message_id: message.id }); }));
    }
    return tools;
  }
  function showPinned(message) {
    var box = $("[data-pinned]");
    box.textContent = "";
    box.hidden = !message;
    if (!message) return;
    var label = document.createElement("strong");
    label.textContent = t("pinned") + ": ";
    box.appendChild(label);
    box.appendChild(document.createTextNode(message.text));
  }
  var seconded = {};
  var lastQuestions = [];
  function showQuestions(items) {
    lastQuestions = items;
    var holder = $("[data-questions]");
    holder.textContent = "";
    items.forEach(function (question) {
      var item = document.createElement("li");
      item.className = "question" + (question.answered ? " question-answered" : "");
      var text = document.createElement("span");
      text.textContent = question.text + " (" + (question.author || t("name_removed")) + ")";
      item.appendChild(text);
      var count = document.createElement("span");
      count.className = "muted";
      var others = question.answered ? t("answered")
        : question.seconds === 1 ? t("seconds_one")
        : question.seconds > 1 ? t("seconds_many", { count: question.seconds }) : "";
      count.textContent = others ? " " + others : "";
      item.appendChild(count);
      var mine = me && question.author_id === me.user_id;
      if (me && me.can_write && !question.answered && !mine) {
        if (seconded[question.id]) {
          var done = document.createElement("span");
          done.className = "seconded";
          done.textContent = " ✓ " + t("seconded");
          item.appendChild(done);
        } else {
          item.appendChild(toolButton(t("second"), function () {
            seconded[question.id] = true;  // shown at once; the count follows from the server
            send({ type: "second", question_id: question.id });
            showQuestions(lastQuestions);
          }));
        }
      }
      if (me && me.is_host && !question.answered) {
        item.appendChild(toolButton(t("answer"), function () { send({ type: "host_answer", question_id: question.id }); }));
      }
      holder.appendChild(item);
    });
  }
  function showTotals(next) {
    var swell = 0;
    Object.keys(next).forEach(function (kind) {
      swell += Math.max(0, next[kind] - (totals[kind] || 0));
      var cell = root.querySelector('[data-total="' + kind + '"]');
      if (cell) cell.textContent = next[kind].toLocaleString(document.documentElement.lang);
    });
    totals = next;
    // The applause swells with the clicks of the last moment and fades when they stop.
    var level = swell === 0 ? 0 : swell < 5 ? 1 : swell < 20 ? 2 : swell < 60 ? 3 : 4;
    var meter = $("[data-applause]");
    meter.setAttribute("data-level", String(level));
  }
  function clock(isoTime) {
    var d = new Date(isoTime);
    return ("0" + d.getHours()).slice(-2) + "." + ("0" + d.getMinutes()).slice(-2);
  }
  function showOpenState(data) {
    if (data.open) { countdown.hidden = true; return; }
    countdown.hidden = false;
    var opens = data.opens_at ? new Date(data.opens_at) : null;
    if (opens && opens > new Date()) {
      countdown.textContent = t("opens_at", { time: clock(data.opens_at) });
      // Come back when the doors open (a fresh connection gets the open foyer).
      window.setTimeout(function () { if (socket) socket.close(); }, Math.min(opens - new Date() + 1500, 2147483000));
    } else {
      countdown.textContent = t("closed");
    }
  }
  function showSettings(chatOpen, slowMode) {
    var notes = [];
    if (!chatOpen) notes.push(t("chat_closed"));
    if (slowMode) notes.push(t("slow_mode", { seconds: slowMode }));
    root.setAttribute("data-chat-open", chatOpen ? "true" : "false");
    var slow = $("[data-slow-mode]");
    if (slow) slow.value = String(slowMode);
    errorLine.textContent = notes.join(" ");
  }
  function sharePremiere(state) {
    if (!state) return;
    document.dispatchEvent(new CustomEvent("lampio:premiere", { detail: { state: state, offset: clockOffset } }));
  }

  var handlers = {
    welcome: function (data) {
      welcomed = true;
      me = data.me;
      presence.textContent = t("connected");
      showOpenState(data);
      chatForm.hidden = askForm.hidden = !me.can_write;
      $("[data-login-to-write]").hidden = me.can_write;
      $("[data-host-tools]").hidden = !me.is_host;
      $("[data-premiere-tools]").hidden = !data.premiere;
      if (me.table) {
        $("[data-table-section]").hidden = false;
        $("[data-table-heading]").textContent = t("table", { number: me.table });
        $("[data-table-code]").textContent = t("table_code", { code: me.code });
        $("[data-video-call]").hidden = !root.getAttribute("data-video-token-url");
      }
      data.messages.forEach(addMessage);
      showPinned(data.pinned);
      showQuestions(data.questions);
      showTotals(data.reactions);
      showSettings(data.chat_open, data.slow_mode);
      sharePremiere(data.premiere);
    },
    message: addMessage,
    hidden: function (data) {
      var item = list.querySelector('[data-message-id="' + data.id + '"]');
      if (item) item.remove();
    },
    pinned: function (data) { showPinned(data.message); },
    reactions: function (data) { showTotals(data.totals); },
    presence: function (data) {
      var free = $("[data-free-tables]");
      free.textContent = "";
      (data.tables || []).forEach(function (table) {
        if (!me || table.number === me.table || table.free < 1) return;
        var li = document.createElement("li");
        li.appendChild(toolButton(t("table_free", { number: table.number, free: table.free }), function () {
          send({ type: "move_table", table: table.number });
        }));
        free.appendChild(li);
      });
      if (!free.children.length) {
        var none = document.createElement("li");
        none.textContent = t("no_free_tables");
        free.appendChild(none);
      }
      presence.textContent = data.count === 1 ? t("people_one") : t("people_many", { count: data.count.toLocaleString(document.documentElement.lang) });
      if (data.groups && data.groups.length) {
        presence.textContent += ". " + t("groups_watching") + " " + data.groups.map(function (group) {
          return t("group_table", { place: group.place, viewers: group.viewers });
        }).join("; ");
      }
      var people = $("[data-table-people]");
      people.textContent = "";
      (data.table.people || []).forEach(function (name) {
        var li = document.createElement("li");
        li.textContent = name + (me && name === me.name ? " (" + t("you") + ")" : "");
        people.appendChild(li);
      });
    },
    questions: function (data) { showQuestions(data.items); },
    settings: function (data) { showSettings(data.chat_open, data.slow_mode); },
    premiere: sharePremiere,
    seated: function (data) {
      me.table = data.table; me.code = data.code;
      $("[data-table-heading]").textContent = t("table", { number: data.table });
      $("[data-table-code]").textContent = t("table_code", { code: data.code });
    },
    clock: function (data) {
      var now = Date.now() / 1000;
      clockOffset = data.server_time - (data.client_time + now) / 2;
      document.dispatchEvent(new CustomEvent("lampio:clock", { detail: { offset: clockOffset } }));
    },
    error: function (data) { errorLine.textContent = data.message; },
    muted: function (data) { errorLine.textContent = data.message; },
    reported: function () { errorLine.textContent = t("reported"); },
    removed: function (data) {
      errorLine.textContent = data.message || t("removed");
      chatForm.hidden = askForm.hidden = true;
    },
    report: function (data) {
      var item = document.createElement("li");
      item.textContent = (data.message.author || t("name_removed")) + ": " + data.message.text + " (" + data.reporter + ")";
      item.appendChild(messageTools(data.message));
      $("[data-reports]").appendChild(item);
    },
  };

  // --- actions -------------------------------------------------------------------------
  function onSubmit(form, build) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = form.querySelector("textarea, input");
      var value = field.value.trim();
      if (!value) { field.focus(); return; }
      if (send(build(value))) { field.value = ""; errorLine.textContent = ""; }
    });
  }
  onSubmit(chatForm, function (text) { sentCounts.foyer_messages += 1; return { type: "chat", text: text }; });
  onSubmit(askForm, function (text) { return { type: "ask", text: text }; });
  onSubmit($("[data-announce]"), function (text) { return { type: "host_announce", text: text }; });
  onSubmit($("[data-move-table]"), function (code) { return { type: "move_table", code: code }; });
  // Enter sends, Shift+Enter makes a new line.
  [chatForm, askForm].forEach(function (form) {
    form.querySelector("textarea").addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
  });
  root.querySelectorAll("[data-react]").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-react");
      pendingReactions[kind] = Math.min(20, (pendingReactions[kind] || 0) + 1);
      sentCounts.foyer_reactions += 1;
    });
  });
  // Clicks are gathered and sent four times a second at most.
  window.setInterval(function () {
    Object.keys(pendingReactions).forEach(function (kind) {
      send({ type: "react", kind: kind, count: pendingReactions[kind] });
    });
    pendingReactions = {};
  }, 250);
  $("[data-slow-mode]").addEventListener("change", function (event) {
    send({ type: "host_slow_mode", seconds: parseInt(event.target.value, 10) });
  });
  root.querySelectorAll("[data-host-chat]").forEach(function (button) {
    button.addEventListener("click", function () { send({ type: "host_chat", open: button.getAttribute("data-host-chat") === "true" }); });
  });
  root.querySelectorAll("[data-host-premiere]").forEach(function (button) {
    button.addEventListener("click", function () { send({ type: "host_premiere", action: button.getAttribute("data-host-premiere") }); });
  });
  newMessages.addEventListener("click", function () { list.scrollTop = list.scrollHeight; newMessages.hidden = true; });
  list.addEventListener("scroll", function () { if (nearBottom()) newMessages.hidden = true; });

  var videoButton = $("[data-start-video]");
  videoButton.addEventListener("click", function () {
    var csrf = document.cookie.match(/csrftoken=([^;]+)/);
    fetch(root.getAttribute("data-video-token-url"), {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf ? csrf[1] : "" },
    }).then(function (response) { return response.ok ? response.json() : null; }).then(function (config) {
      if (!config) return;
      var frame = $("[data-video-frame]");
      frame.hidden = false;
      var script = document.createElement("script");
      script.src = "https://" + config.domain + "/external_api.js";
      script.onload = function () {
        new window.JitsiMeetExternalAPI(config.domain, {
          roomName: config.room, jwt: config.jwt, parentNode: frame, width: "100%", height: 360,
          userInfo: { displayName: config.name },
        });
      };
      document.head.appendChild(script);
    });
  });

  // Hide or show the whole foyer with one button (the player gets the room).
  var toggle = document.querySelector("[data-foyer-toggle]");
  var layout = document.querySelector("[data-watch-layout]");
  var HIDDEN_KEY = "lampio-foyer-hidden";
  function showFoyer(show) {
    root.hidden = !show;
    layout.classList.toggle("foyer-hidden", !show);
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    toggle.textContent = toggle.getAttribute(show ? "data-label-hide" : "data-label-show");
  }
  if (toggle) {
    // The choice is kept on this device: a reload does not bring back a hidden foyer.
    try { if (localStorage.getItem(HIDDEN_KEY) === "1") showFoyer(false); } catch (e) { /* private mode */ }
    toggle.addEventListener("click", function () {
      var show = root.hidden;
      showFoyer(show);
      try { localStorage.setItem(HIDDEN_KEY, show ? "0" : "1"); } catch (e) { /* private mode */ }
    });
  }

  presence.textContent = t("connecting");
  connect();
})();
