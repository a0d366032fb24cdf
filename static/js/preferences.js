// Text size and contrast take effect at once, without a page load. Without JavaScript the
// same links go through the server, which remembers the choice in the same cookies.
(function () {
  "use strict";
  var YEAR = 60 * 60 * 24 * 365 * 2;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-pref]");
    if (!link) return;
    event.preventDefault();
    var pref = link.getAttribute("data-pref");
    var value = link.getAttribute("data-value");
    var cookie = pref === "text" ? "lampio_text" : "lampio_contrast";
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = cookie + "=" + value + "; Max-Age=" + YEAR + "; Path=/; SameSite=Lax" + secure;
    var root = document.documentElement;
    root.className = root.className
      .split(" ")
      .filter(function (name) { return name.indexOf(pref === "text" ? "text-" : "contrast-") !== 0; })
      .concat([(pref === "text" ? "text-" : "contrast-") + value])
      .join(" ");
    document.querySelectorAll('a[data-pref="' + pref + '"]').forEach(function (other) {
      other.setAttribute("aria-current", other === link ? "true" : "false");
    });
  });
})();
