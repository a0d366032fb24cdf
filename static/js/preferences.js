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

// A first visit from a browser that prefers Swedish or English is offered that language, in
// that language; the page itself stays Finnish until the person chooses (the choice is kept
// in the django_language cookie, which the server then follows).
(function () {
  "use strict";
  if (document.documentElement.lang !== "fi" || /(^|; )django_language=/.test(document.cookie)) return;
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (tag) {
    return String(tag).slice(0, 2).toLowerCase();
  });
  for (var i = 0; i < wanted.length; i++) {
    if (wanted[i] === "fi") return;
    var offer = document.querySelector('[data-language-offer="' + wanted[i] + '"]');
    if (offer) { offer.hidden = false; return; }
  }
})();
