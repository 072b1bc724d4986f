/* The dashboard's chart of connections gained per month. Without JavaScript, or
   without Chart.js, the table of the same figures stays open instead. */
(function () {
  "use strict";

  function cssColour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function drawConnectionsChart() {
    var canvas = document.getElementById("connections-chart");
    var source = document.getElementById("connections-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var box = canvas.parentElement;
    box.hidden = false;
    var table = document.querySelector(".chart-table");
    if (table) table.open = false;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: "Connections gained",
          data: data.values,
          backgroundColor: cssColour("--accent", "#0a66c2"),
          borderRadius: 3,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
        plugins: { legend: { display: false } },
        scales: {
          x: { ticks: { color: cssColour("--muted", "#535d6c"), autoSkip: true, maxRotation: 0 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: cssColour("--muted", "#535d6c"), precision: 0 } },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawConnectionsChart);
  } else {
    drawConnectionsChart();
  }
})();
