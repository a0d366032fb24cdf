// Tells the page around the iframe how tall this list is, so it shows without a scroll bar
// (static/js/embed.js listens). Only a number is sent; nothing is read from the parent.
(function () {
  "use strict";
  function tell() {
    if (window.parent === window) return;
    window.parent.postMessage({ lampioEmbedHeight: document.documentElement.scrollHeight }, "*");
  }
  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
})();
