// Lämpiö's player: hls.js where Media Source Extensions exist, the browser's own HLS
// elsewhere (Safari, iPad). Big buttons, keyboard and TV-remote arrows, captions on one
// button, and it remembers where the viewer stopped on this device.
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

  if (window.Hls && window.Hls.isSupported()) {
    var hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: -1 });
    hls.loadSource(source);
    hls.attachMedia(video);
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (data.fatal) status.textContent = status.getAttribute("data-text-error");
    });
  } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = source;
  } else {
    status.textContent = status.getAttribute("data-text-error");
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

  function updatePlayLabel() {
    playButton.textContent = playButton.getAttribute(video.paused ? "data-label-play" : "data-label-pause");
  }
  video.addEventListener("play", updatePlayLabel);
  video.addEventListener("pause", updatePlayLabel);

  video.addEventListener("loadedmetadata", function () {
    var saved = parseFloat(localStorage.getItem(positionKey) || "0");
    if (saved > 5 && saved < video.duration - 10) video.currentTime = saved;
  });
  var lastSaved = 0;
  video.addEventListener("timeupdate", function () {
    if (Math.abs(video.currentTime - lastSaved) >= 5) {
      lastSaved = video.currentTime;
      try { localStorage.setItem(positionKey, String(Math.floor(video.currentTime))); } catch (e) { /* private mode */ }
    }
  });
  video.addEventListener("ended", function () { try { localStorage.removeItem(positionKey); } catch (e) { /* ignore */ } });
})();
