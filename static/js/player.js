// Lämpiö's player: hls.js where Media Source Extensions exist, the browser's own HLS
// elsewhere (Safari, iPad). Big buttons, keyboard and TV-remote arrows, captions on one
// button, and it remembers where the viewer stopped on this device. A live broadcast polls
// the platform for the stream's state; a premiere plays at the position everybody shares.
(function () {
  "use strict";
  var root = document.querySelector("[data-player]");
  if (!root) return;
  var video = root.querySelector("video");
  var status = root.querySelector("[data-status]");
  var playButton = root.querySelector('[data-action="play"]');
  var captionsButton = root.querySelector('[data-action="captions"]');
  var source = video.getAttribute("data-src");
  var positionKey = video.getAttribute("data-position-key");
  var mode = root.getAttribute("data-mode") || "recording";
  var statusUrl = root.getAttribute("data-status-url");
  var loaded = false;
  var hls = null;
  // The first segment taking longer than this share of its own length to load is slow.
  var SLOW_FIRST_SEGMENT = 0.8;
  var LIGHT_START_MS = 30000;
  var started = false;
  var startsAt = null;

  function say(text) { if (text && status.textContent !== text) status.textContent = text; }

  function load() {
    if (loaded) return;
    loaded = true;
    if (window.Hls && window.Hls.isSupported()) {
      hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: -1 });
      hls.loadSource(source);
      hls.attachMedia(video);
      hls.on(window.Hls.Events.LEVEL_SWITCHED, function (_event, data) {
        var level = hls.levels[data.level];
        video.setAttribute("data-level", String(data.level));
        if (started && level) record("quality", level.height);
      });
      // Weak broadband (a quarter of care homes): when the first segment comes slower than it
      // plays, start on the lightest picture and let the adaptive choice climb from there.
      var firstFragment = true;
      hls.on(window.Hls.Events.FRAG_LOADED, function (_event, data) {
        if (!firstFragment || !data.frag || data.frag.type !== "main") return;
        firstFragment = false;
        var loading = data.frag.stats && data.frag.stats.loading;
        var seconds = loading ? (loading.end - loading.start) / 1000 : 0;
        if (seconds > data.frag.duration * SLOW_FIRST_SEGMENT && hls.levels.length > 1) {
          video.setAttribute("data-slow-start", "true");
          hls.nextLoadLevel = 0;
          hls.autoLevelCapping = 0;
          window.setTimeout(function () { hls.autoLevelCapping = -1; }, LIGHT_START_MS);
        }
      });
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (!data.fatal) return;
        if (mode === "live" && data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
          window.setTimeout(function () { hls.startLoad(); }, 5000);  // the stream may come back
        } else {
          say(status.getAttribute("data-text-error"));
        }
      });
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = source;
    } else {
      say(status.getAttribute("data-text-error"));
    }
  }

  // The server's clock: measured over the foyer's WebSocket when it is connected, otherwise
  // over the status polls (half the round trip as the delay).
  var clockOffset = 0;
  var clockFromFoyer = false;
  var shared = null;
  function sharedPosition() {
    if (!shared) return 0;
    var moment = shared.paused_at || (Date.now() / 1000 + clockOffset);
    return moment - shared.starts_at - (shared.paused_seconds || 0);
  }
  var premiereEndsAt = null;
  var premiereOver = false;
  function followPremiere() {
    if (premiereEndsAt && Date.now() / 1000 + clockOffset >= premiereEndsAt) {
      // Over for everybody: stop steering the position, thank, and ask how it was.
      if (!premiereOver) {
        premiereOver = true;
        video.playbackRate = 1;
        say(root.getAttribute("data-text-premiere-ended"));
        feedbackCardShow();
      }
      return;
    }
    var position = sharedPosition();
    if (position < 0) {
      var start = new Date(shared.starts_at * 1000);
      var clock = ("0" + start.getHours()).slice(-2) + "." + ("0" + start.getMinutes()).slice(-2);
      say(root.getAttribute("data-text-starts-at").replace("%(time)s", clock));
      return;
    }
    load();
    if (shared.paused_at) {
      if (!video.paused) { video.pause(); video.currentTime = position; }
      say(root.getAttribute("data-text-interval"));
      return;
    }
    if (video.readyState < 1 || video.paused) return;
    // Everybody at the same moment: jump when far off, otherwise catch up gently.
    var drift = video.currentTime - position;
    if (Math.abs(drift) > 1) {
      video.currentTime = position;
      video.playbackRate = 1;
    } else if (Math.abs(drift) > 0.15) {
      video.playbackRate = drift < 0 ? 1.05 : 0.95;
    } else {
      video.playbackRate = 1;
    }
  }
  var wasPaused = false;
  document.addEventListener("lampio:clock", function (event) {
    clockOffset = event.detail.offset;
    clockFromFoyer = true;
  });
  document.addEventListener("lampio:premiere", function (event) {
    var resumed = wasPaused && !event.detail.state.paused_at;
    shared = event.detail.state;
    wasPaused = !!shared.paused_at;
    if (mode !== "premiere") return;
    followPremiere();
    if (resumed && video.readyState >= 1) {
      video.currentTime = sharedPosition();
      video.play();
      say(root.getAttribute("data-text-together"));
    }
  });
  function poll() {
    var sent = Date.now();
    fetch(statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        if (!result) return;
        var received = Date.now();
        if (!clockFromFoyer) clockOffset = result.now - (sent + received) / 2000;
        startsAt = result.starts_at;
        if (mode === "live") {
          say(result.text);
          status.setAttribute("data-state", result.state);
          if (result.state === "ended") feedbackCardShow();
          if (result.state === "live" || result.state === "problem") load();
        } else if (mode === "premiere") {
          // The server's clock is the one truth (pauses included); the foyer's premiere
          // events bring changes at once, this poll heals a missed one.
          shared = { starts_at: result.starts_at, paused_at: result.paused_at, paused_seconds: result.paused_seconds };
          premiereEndsAt = result.ends_at;
          followPremiere();
        }
      })
      .catch(function () { /* the next poll tries again */ });
  }

  if (mode === "recording" || !statusUrl) {
    load();
  } else {
    poll();
    window.setInterval(poll, mode === "live" ? 10000 : 30000);
    if (mode === "premiere") {
      window.setInterval(function () { if (shared) followPremiere(); }, 500);
      video.addEventListener("play", function () {
        if (premiereOver) return;
        var position = sharedPosition();
        if (position >= 0 && !(shared && shared.paused_at)) video.currentTime = position;
        say(root.getAttribute("data-text-together"));
      });
    }
  }

  function showingTrack() {
    for (var i = 0; i < video.textTracks.length; i++) {
      if (video.textTracks[i].mode === "showing") return video.textTracks[i];
    }
    return null;
  }
  function setCaptions(on) {
    for (var i = 0; i < video.textTracks.length; i++) {
      video.textTracks[i].mode = on && i === 0 ? "showing" : "disabled";
    }
    if (captionsButton) captionsButton.setAttribute("aria-pressed", on ? "true" : "false");
  }
  var preferred = null;
  for (var t = 0; t < video.textTracks.length; t++) {
    if (video.textTracks[t].language === document.documentElement.lang) preferred = t;
  }
  setCaptions(true);
  if (preferred !== null) {
    for (var j = 0; j < video.textTracks.length; j++) video.textTracks[j].mode = j === preferred ? "showing" : "disabled";
  }

  function togglePlay() { if (video.paused) { video.play(); } else { video.pause(); } }
  function seek(by) { video.currentTime = Math.max(0, Math.min(video.duration || 0, video.currentTime + by)); }
  function volume(by) { video.volume = Math.max(0, Math.min(1, Math.round((video.volume + by) * 10) / 10)); video.muted = false; }
  function fullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (root.requestFullscreen) { root.requestFullscreen(); }
  }
  var actions = {
    play: togglePlay,
    back: function () { seek(-10); },
    forward: function () { seek(10); },
    captions: function () { setCaptions(!showingTrack()); },
    quieter: function () { volume(-0.1); },
    louder: function () { volume(0.1); },
    fullscreen: fullscreen,
  };
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button && actions[button.getAttribute("data-action")]) actions[button.getAttribute("data-action")]();
  });
  video.addEventListener("click", togglePlay);
  root.addEventListener("keydown", function (event) {
    if (event.target.tagName === "BUTTON" && (event.key === " " || event.key === "Enter")) return;
    var handled = true;
    switch (event.key) {
      case " ": case "k": togglePlay(); break;
      case "ArrowLeft": seek(-10); break;
      case "ArrowRight": seek(10); break;
      case "ArrowUp": volume(0.1); break;
      case "ArrowDown": volume(-0.1); break;
      case "c": case "C": actions.captions(); break;
      case "f": case "F": fullscreen(); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });
  video.setAttribute("tabindex", "0");

  // On an upright tablet or phone the foyer is below the video: while the video plays and
  // its place has scrolled out of sight, it stays docked at the top of the screen, so that
  // writing in the foyer never loses the performance.
  var frame = root.querySelector("[data-video-frame]");
  var upright = window.matchMedia("(orientation: portrait) and (max-width: 64rem)");
  var frameVisible = true;
  function dock() {
    var docked = !frameVisible && !video.paused && upright.matches && !document.fullscreenElement;
    document.documentElement.classList.toggle("player-docked", docked);
  }
  if (frame && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      frameVisible = entries[entries.length - 1].isIntersecting;
      dock();
    }, { threshold: 0.3 }).observe(frame);
    video.addEventListener("play", dock);
    video.addEventListener("pause", dock);
    if (upright.addEventListener) upright.addEventListener("change", dock);
  }

  function updatePlayLabel() {
    playButton.textContent = playButton.getAttribute(video.paused ? "data-label-play" : "data-label-pause");
  }
  video.addEventListener("play", updatePlayLabel);
  video.addEventListener("pause", updatePlayLabel);

  video.addEventListener("loadedmetadata", function () {
    if (!positionKey) return;
    var saved = parseFloat(localStorage.getItem(positionKey) || "0");
    if (saved > 5 && saved < video.duration - 10) video.currentTime = saved;
  });
  var lastSaved = 0;
  video.addEventListener("timeupdate", function () {
    if (positionKey && Math.abs(video.currentTime - lastSaved) >= 5) {
      lastSaved = video.currentTime;
      try { localStorage.setItem(positionKey, String(Math.floor(video.currentTime))); } catch (e) { /* private mode */ }
    }
  });
  video.addEventListener("ended", function () {
    if (positionKey) { try { localStorage.removeItem(positionKey); } catch (e) { /* ignore */ } }
  });

  // Viewing data for the platform's own statistics (lampio/feedback/telemetry.py): the start,
  // a heartbeat every 30 s with the seconds actually played, the end, stalls and quality
  // switches. Positions of a live broadcast or a premiere count from its start.
  function position() {
    if (mode === "premiere" && shared) return sharedPosition();
    if (mode === "live" && startsAt) return Date.now() / 1000 + clockOffset - startsAt;
    return video.currentTime;
  }
  function record(kind, value) {
    if (window.lampioBeacon) window.lampioBeacon.record(kind, { position: position(), value: value });
  }
  var played = 0;
  var lastTick = null;
  function tick() {
    var now = Date.now();
    if (lastTick !== null && !video.paused) played += Math.min(5, (now - lastTick) / 1000);
    lastTick = video.paused ? null : now;
  }
  video.addEventListener("playing", function () {
    if (!started) { started = true; record("play"); }
    lastTick = Date.now();
  });
  video.addEventListener("timeupdate", tick);
  video.addEventListener("pause", function () { tick(); lastTick = null; });
  video.addEventListener("waiting", function () { if (started && !video.seeking) record("stall"); });
  window.setInterval(function () {
    tick();
    if (played >= 1) { record("heartbeat", Math.min(120, played)); played = 0; }
  }, 30000);
  video.addEventListener("ended", function () {
    tick();
    record("complete", Math.min(120, played));
    played = 0;
    feedbackCardShow();
  });

  // "How are you feeling now?" as the performance begins (for people who are logged in);
  // a tap answers without leaving the page.
  var moodSlot = document.querySelector("[data-mood-slot]");
  if (moodSlot) {
    fetch(root.getAttribute("data-mood-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.status === 200 ? response.text() : ""; })
      .then(function (html) { if (html) moodSlot.innerHTML = html; })
      .catch(function () { /* the card at the end asks too */ });
    moodSlot.addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Lampio-Fetch": "1" } })
        .then(function (response) {
          if (!response.ok) return;
          var thanks = document.createElement("p");
          thanks.setAttribute("role", "status");
          thanks.textContent = moodSlot.querySelector("[data-mood-question]").getAttribute("data-thanks");
          moodSlot.replaceChildren(thanks);
        })
        .catch(function () { /* the card at the end asks again */ });
    });
  }

  // The feedback card comes near the end of a recording and when a showing has ended.
  var feedbackSlot = document.querySelector("[data-feedback-slot]");
  var feedbackShown = false;
  function feedbackCardShow() {
    if (feedbackShown || !feedbackSlot) return;
    feedbackShown = true;
    fetch(root.getAttribute("data-feedback-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) feedbackSlot.innerHTML = html; })
      .catch(function () { feedbackShown = false; });
  }
  video.addEventListener("timeupdate", function () {
    if (mode !== "live" && video.duration && video.duration - video.currentTime < Math.min(60, video.duration / 10) && video.currentTime > 0) feedbackCardShow();
  });
})();
