// The review page plays each recording as the audience will get it (HLS through hls.js
// where Media Source Extensions exist, the browser's own HLS elsewhere), with the browser's
// own controls and the caption tracks.
(function () {
  "use strict";
  document.querySelectorAll("video[data-review-src]").forEach(function (video) {
    var source = video.getAttribute("data-review-src");
    if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls();
      hls.loadSource(source);
      hls.attachMedia(video);
    } else {
      video.src = source;
    }
  });
})();
