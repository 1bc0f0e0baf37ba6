/* Maturity radar (Chart.js from /static/vendor/chartjs/); data from the json_script block, levels 1–5. */
(function () {
  "use strict";
  var source = document.getElementById("maturity-data");
  var canvas = document.getElementById("maturity-radar");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  // one word per line, so the seven element names fit a 390 px screen
  data.labels = data.labels.map(function (label) { return label.split(" "); });
  new Chart(canvas, {
    type: "radar",
    data: data,
    options: {
      responsive: true,
      animation: false,
      scales: { r: { min: 0, max: 5, ticks: { stepSize: 1 }, pointLabels: { font: { size: 11 } } } },
    },
  });
})();
