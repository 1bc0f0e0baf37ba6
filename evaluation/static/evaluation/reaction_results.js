/* Reaction results: one bar chart per Likert question (Chart.js from /static/vendor/chartjs/). Data comes from
   the json_script block; the tables beside each chart hold the same numbers. */
(function () {
  "use strict";
  var source = document.getElementById("reaksi-data");
  if (!source || typeof Chart === "undefined") return;
  JSON.parse(source.textContent).forEach(function (block) {
    var canvas = document.getElementById(block.id);
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: block.labels, datasets: [{ label: canvas.dataset.label || "", data: block.values }] },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
