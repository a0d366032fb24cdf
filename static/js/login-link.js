// The login link's page logs in at once for a person; mail scanners that open links but do
// not run scripts cannot use the single-use link up.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("login-link-form");
  if (form) form.submit();
});
