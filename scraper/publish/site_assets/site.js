// Countdowns from the visitor's own day; the page's text (from the build day) stays without JS.
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  function plural(n) { return n === 1 ? " day" : " days"; }
  function countdown(days) {
    if (days === 0) { return "today"; }
    return days > 0 ? "in " + days + plural(days) : -days + plural(-days) + " ago";
  }
  var cells = document.querySelectorAll("[data-countdown]");
  for (var i = 0; i < cells.length; i++) {
    var parts = cells[i].getAttribute("data-countdown").split("-");
    var when = Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
    if (!isNaN(when)) { cells[i].textContent = countdown(Math.round((when - today) / DAY_MS)); }
  }
  var basis = document.getElementById("countdown-basis");
  if (basis) {
    var iso = new Date(today).toISOString().slice(0, 10);
    basis.textContent = "countdowns count from today, " + iso;
  }
})();
