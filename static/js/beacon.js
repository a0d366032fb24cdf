// Lämpiö's own viewing data: the player and the foyer record events here, and they are sent
// in batches to the platform's endpoint (never to anyone else) every 30 seconds and when the
// page is left, with the beacon API. Only counts and positions are sent, never chat text.
(function () {
  "use strict";
  var root = document.querySelector("[data-beacon-url]");
  if (!root) return;
  var url = root.getAttribute("data-beacon-url");
  var offering = parseInt(root.getAttribute("data-offering"), 10);
  var showing = root.getAttribute("data-showing") ? parseInt(root.getAttribute("data-showing"), 10) : null;
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  var session = uuid();
  var seq = 0;
  var lastTime = 0;
  var queue = [];
  var MAX_BATCH = 50;

  function flush() {
    while (queue.length) {
      var events = queue.splice(0, MAX_BATCH);
      var body = JSON.stringify({ session: session, offering: offering, showing: showing, events: events });
      var blob = new Blob([body], { type: "application/json" });
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob))) {
        fetch(url, { method: "POST", body: body, headers: { "Content-Type": "application/json" }, credentials: "same-origin", keepalive: true })
          .catch(function () { /* viewing data is never worth bothering the viewer */ });
      }
    }
  }

  function record(kind, details) {
    var t = Math.max(Date.now(), lastTime);  // the endpoint takes events in order only
    lastTime = t;
    var event = { seq: seq++, kind: kind, t: t };
    if (details && typeof details.position === "number" && isFinite(details.position)) {
      event.position = Math.max(0, Math.round(details.position * 10) / 10);
    }
    if (details && details.value) event.value = Math.max(0, Math.round(details.value));
    queue.push(event);
    if (queue.length >= MAX_BATCH) flush();
  }

  window.setInterval(flush, 30000);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  window.lampioBeacon = { record: record, flush: flush };
})();
