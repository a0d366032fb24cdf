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
  // The server names the viewing session and signs it (a viewing token); without one, no
  // viewing data is sent: a page that could not get one is simply not counted.
  var session = null;
  var token = null;
  var tokenUrl = root.getAttribute("data-beacon-token-url") + "?offering=" + offering + (showing ? "&showing=" + showing : "");
  fetch(tokenUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (pass) { if (pass) { session = pass.session; token = pass.token; flush(); } })
    .catch(function () { /* viewing data is never worth bothering the viewer */ });
  var seq = 0;
  var lastTime = 0;
  var queue = [];
  var MAX_BATCH = 50;

  function flush() {
    if (!token) return;  // kept until the token arrives
    while (queue.length) {
      var events = queue.splice(0, MAX_BATCH);
      var body = JSON.stringify({ session: session, token: token, offering: offering, showing: showing, events: events });
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
    if (queue.length > 20 * MAX_BATCH) queue.shift();  // no token yet: keep the latest only
    if (queue.length >= MAX_BATCH) flush();
  }

  window.setInterval(flush, 30000);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  window.lampioBeacon = { record: record, flush: flush };
})();
