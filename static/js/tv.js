// TV mode for a care home's common room: the page is used from across the room with a TV
// remote or a keyboard. The arrows move between the few big buttons (not seeking or the
// volume, as on the ordinary watch page), OK/Enter presses, Back leaves full screen and then
// returns to the group's week. Captions start on (player.js); the page fills the screen at
// the first "Watch".
(function () {
  "use strict";
  var layout = document.querySelector("[data-tv]");
  if (!layout) return;
  var backTo = layout.getAttribute("data-tv-back");

  function targets() {
    return Array.prototype.filter.call(
      document.querySelectorAll("main button, main a.button"),
      function (element) { return element.offsetParent !== null && !element.disabled; }
    );
  }
  function move(by) {
    var list = targets();
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    var next = at === -1 ? 0 : Math.max(0, Math.min(list.length - 1, at + by));
    list[next].focus();
  }
  function wholeScreen() {
    if (document.fullscreenElement || !document.documentElement.requestFullscreen) return;
    document.documentElement.requestFullscreen().catch(function () {});
  }

  window.addEventListener("keydown", function (event) {
    var typing = event.target.tagName === "TEXTAREA" || event.target.tagName === "INPUT";
    if (typing) return;
    switch (event.key) {
      case "ArrowLeft": case "ArrowUp": move(-1); break;
      case "ArrowRight": case "ArrowDown": move(1); break;
      case "Escape": case "Backspace": case "BrowserBack": case "GoBack":
        if (document.fullscreenElement) { document.exitFullscreen(); } else { window.location.href = backTo; }
        break;
      default: return;
    }
    event.preventDefault();
    event.stopPropagation();
  }, true);

  var play = document.querySelector('[data-action="play"]');
  if (play) {
    play.addEventListener("click", wholeScreen);
    play.focus();
  }
  var full = document.querySelector("[data-tv-fullscreen]");
  if (full) full.addEventListener("click", wholeScreen);
})();
