// Resumable upload of a recording with tus-js-client: chunks of 8 MB, retried and resumed
// after a dropped connection, with a progress bar and a spoken status. When tus's own
// retries run out, the upload goes on by itself with a growing pause (and at once when the
// browser is back online); a file the server refuses stops with the server's reason.
(function () {
  "use strict";
  var form = document.querySelector("[data-upload]");
  if (!form || !window.tus) return;
  var input = form.querySelector('input[type="file"]');
  var progress = form.querySelector("[data-progress]");
  var percent = form.querySelector("[data-percent]");
  var status = form.querySelector("[data-upload-status]");
  var showingSelect = form.querySelector("[data-upload-showing]");
  var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  function numbers(name, fallback) {
    var text = form.getAttribute(name);
    return text ? text.split(",").map(function (n) { return parseInt(n, 10); }) : fallback;
  }
  // Seconds between automatic restarts (the last one repeats), and tus's own retry delays
  // (read when the upload starts).
  var PAUSES = [5, 15, 30, 60];
  var upload = null;
  var restarts = 0;
  var restartTimer = null;

  function say(text) { status.textContent = text || ""; }
  function showProgress(value) {
    progress.value = value;
    percent.textContent = value + " %";
  }
  function refusedBy(error) {
    var response = error && error.originalResponse;
    var code = response ? response.getStatus() : 0;
    if (code < 400 || code >= 500 || code === 409 || code === 423 || code === 429) return null;
    var message = "";
    try { message = JSON.parse(response.getBody()).message || ""; } catch (e) { message = ""; }
    return message || form.getAttribute("data-text-refused");
  }
  function restartLater() {
    var pause = PAUSES[Math.min(restarts, PAUSES.length - 1)];
    restarts += 1;
    say(form.getAttribute("data-text-waiting").replace("%(seconds)s", pause));
    window.clearTimeout(restartTimer);
    restartTimer = window.setTimeout(function () { upload.start(); }, pause * 1000);
  }
  window.addEventListener("online", function () {
    if (restartTimer === null || !upload) return;
    window.clearTimeout(restartTimer);
    restartTimer = null;
    upload.start();
  });
  function checkResult(attempt) {
    fetch(upload.url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.status === "done") {
          say(form.getAttribute("data-text-done"));
          window.setTimeout(function () { window.location.reload(); }, 1500);
        } else if (result.status === "rejected") {
          showProgress(0);  // nothing was kept: the bar must not say it was
          say(result.message);
        } else if (attempt < 5) {
          window.setTimeout(function () { checkResult(attempt + 1); }, 2000 * (attempt + 1));
        }
      })
      .catch(function () {
        if (attempt < 5) {
          window.setTimeout(function () { checkResult(attempt + 1); }, 2000 * (attempt + 1));
        } else {
          say(form.getAttribute("data-text-unchecked"));
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files[0];
    if (!file) { input.focus(); return; }
    restarts = 0;
    PAUSES = numbers("data-pauses", [5, 15, 30, 60]);
    showProgress(0);
    say("");
    upload = new window.tus.Upload(file, {
      endpoint: form.getAttribute("data-endpoint"),
      chunkSize: parseInt(form.getAttribute("data-chunk-size"), 10) || 8 * 1024 * 1024,
      retryDelays: numbers("data-retry-delays", [0, 1000, 3000, 5000, 10000, 20000]),
      metadata: {
        filename: file.name,
        offering: form.getAttribute("data-offering"),
        showing: showingSelect ? showingSelect.value : "",
      },
      headers: { "X-CSRFToken": csrf },
      removeFingerprintOnSuccess: true,
      onShouldRetry: function (error) { return refusedBy(error) === null; },
      onProgress: function (sent, total) {
        restarts = 0;
        restartTimer = null;
        showProgress(Math.floor((sent / total) * 100));
      },
      onError: function (error) {
        var refusal = refusedBy(error);
        if (refusal) {
          showProgress(0);
          say(refusal);
        } else {
          restartLater();  // the connection is away: go on by ourselves, no button needed
        }
      },
      onSuccess: function () { checkResult(0); },
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });
})();
