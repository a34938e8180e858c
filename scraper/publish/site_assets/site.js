// One "today" for the whole page: the visitor's own day moves the countdowns and the charts'
// today line together; without JS every one of them stays on the build day.
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  var iso = new Date(today).toISOString().slice(0, 10);
  function day(text) {
    var parts = (text || "").split("-");
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
  }
  function plural(n) { return n === 1 ? " day" : " days"; }
  function countdown(days) {
    if (days === 0) { return "today"; }
    return days > 0 ? "in " + days + plural(days) : -days + plural(-days) + " ago";
  }
  var cells = document.querySelectorAll("[data-countdown]");
  for (var i = 0; i < cells.length; i++) {
    var when = day(cells[i].getAttribute("data-countdown"));
    if (!isNaN(when)) { cells[i].textContent = countdown(Math.round((when - today) / DAY_MS)); }
  }
  // The same x as the build computes (site.py, _Scale.x), from the scale the chart carries.
  var charts = document.querySelectorAll("svg.chart[data-first]");
  for (var c = 0; c < charts.length; c++) {
    var chart = charts[c];
    var first = day(chart.getAttribute("data-first"));
    var last = day(chart.getAttribute("data-last"));
    var left = Number(chart.getAttribute("data-left"));
    var right = Number(chart.getAttribute("data-right"));
    var line = chart.querySelector("line.today");
    var label = chart.querySelector("text.today-label");
    if (isNaN(first) || isNaN(last) || !line || !label) { continue; }
    var inside = today >= first && today <= last;
    line.style.display = label.style.display = inside ? "" : "none";
    if (!inside) { continue; }
    var span = Math.max(Math.round((last - first) / DAY_MS), 1);
    var x = Math.round((left + (right - left) * Math.round((today - first) / DAY_MS) / span) * 10) / 10;
    var width = Number(chart.getAttribute("width"));
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    label.setAttribute("x", x);
    label.setAttribute("text-anchor", x > width * 0.85 ? "end" : "middle");
    label.textContent = iso;
    var desc = chart.querySelector("desc");
    var built = document.getElementById("built");
    if (desc && built) { desc.textContent = desc.textContent.replace(built.getAttribute("datetime"), iso); }
  }
  var basis = document.getElementById("countdown-basis");
  if (basis) { basis.textContent = "countdowns and the charts' today line count from today, " + iso; }
})();
