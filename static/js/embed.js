// The one script tag a municipality's or library's page includes to show "This week in
// Lämpiö":
//   <script src="https://lampio.fi/static/js/embed.js" data-municipality="tampere"
//           data-lang="fi" async></script>
// It puts an iframe of the server-rendered list where the tag is, and sets its height from
// the list's own message (embed-height.js). No cookies, no tracking, no other scripts.
(function () {
  "use strict";
  var tag = document.currentScript;
  if (!tag) return;
  var origin = new URL(tag.src).origin;
  var lang = tag.getAttribute("data-lang") || "fi";
  var prefix = lang === "fi" ? "" : "/" + (lang === "sv" ? "sv" : "en");
  var municipality = tag.getAttribute("data-municipality") || "";
  var frame = document.createElement("iframe");
  frame.src = origin + prefix + "/embed/week/" + (municipality ? "?municipality=" + encodeURIComponent(municipality) : "");
  frame.title = tag.getAttribute("data-title") || (lang === "sv" ? "Den här veckan i Lämpiö" : lang === "en" ? "This week in Lämpiö" : "Tämän viikon Lämpiö");
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.minHeight = "20rem";
  frame.loading = "lazy";
  tag.parentNode.insertBefore(frame, tag.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var height = event.data && event.data.lampioEmbedHeight;
    if (typeof height === "number" && height > 0 && height < 10000) frame.style.height = height + "px";
  });
})();
