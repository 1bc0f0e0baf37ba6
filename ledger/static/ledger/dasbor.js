/* Dashboard charts (Chart.js from /static/vendor/chartjs/). Data comes from the json_script block. */
(function () {
  "use strict";
  var source = document.getElementById("dasbor-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  function draw(id, type, block, options) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: type,
      data: { labels: block.labels, datasets: [{ label: canvas.dataset.label || "", data: block.values }] },
      options: Object.assign({ responsive: true, animation: false }, options || {}),
    });
  }
  draw("chart-distribution", "bar", data.distribution, { plugins: { legend: { display: false } } });
  draw("chart-mix", "doughnut", data.mix);
  draw("chart-trend", "line", data.trend, { plugins: { legend: { display: false } } });
})();
