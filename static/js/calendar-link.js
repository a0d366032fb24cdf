// A calendar file downloads without leaving the page: say what happened and what to do next.
(function () {
  "use strict";
  var done = document.querySelector("[data-calendar-done]");
  if (!done) return;
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-calendar-link]")) done.textContent = done.getAttribute("data-text");
  });
})();
