// Resumable upload of a recording with tus-js-client: chunks of 8 MB, retried and resumed
// after a dropped connection, with a progress bar and a spoken status.
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files[0];
    if (!file) { input.focus(); return; }
    var upload = new window.tus.Upload(file, {
      endpoint: form.getAttribute("data-endpoint"),
      chunkSize: parseInt(form.getAttribute("data-chunk-size"), 10) || 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: {
        filename: file.name,
        offering: form.getAttribute("data-offering"),
        showing: showingSelect ? showingSelect.value : "",
      },
      headers: { "X-CSRFToken": csrf },
      removeFingerprintOnSuccess: true,
      onProgress: function (sent, total) {
        var value = Math.floor((sent / total) * 100);
        progress.value = value;
        percent.textContent = value + " %";
      },
      onError: function () { status.textContent = form.getAttribute("data-text-failed"); },
      onSuccess: function () {
        fetch(upload.url, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (result) {
            status.textContent = result.status === "done" ? form.getAttribute("data-text-done") : result.message;
            if (result.status === "done") window.setTimeout(function () { window.location.reload(); }, 1500);
          });
      },
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });
})();
