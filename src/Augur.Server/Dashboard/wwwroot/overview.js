// Overview: usage per day (stacked by model) and the share per model, for the metric and range picked.
"use strict";
(() => {
  const metric = document.getElementById("usage-metric");
  const days = document.getElementById("usage-days");
  let data = null;
  const daily = new Chart(document.getElementById("usage-chart"), {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: "bottom" } } },
  });
  const share = new Chart(document.getElementById("model-chart"), {
    type: "doughnut",
    data: { labels: [], datasets: [{ data: [] }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } },
  });
  function draw() {
    const key = metric.value;
    const labels = data.days.map((d) => d.slice(5));
    daily.data.labels = labels;
    daily.data.datasets = data.models.map((model, i) => ({
      label: model,
      backgroundColor: augur.palette[i % augur.palette.length],
      borderRadius: 3,
      data: data.days.map((day) => data.points.filter((p) => p.day === day && p.model === model).reduce((s, p) => s + p[key], 0)),
    }));
    daily.update();
    share.data.labels = data.models;
    share.data.datasets = [{ data: data.models.map((m) => data.points.filter((p) => p.model === m).reduce((s, p) => s + p[key], 0)), backgroundColor: data.models.map((_, i) => augur.palette[i % augur.palette.length]) }];
    share.update();
    document.getElementById("usage-chart").dataset.total = String(daily.data.datasets.reduce((s, d) => s + d.data.reduce((a, b) => a + b, 0), 0));
  }
  async function load() {
    data = await augur.getJson("/dashboard/api/usage?days=" + days.value);
    draw();
  }
  metric.addEventListener("change", () => data && draw());
  days.addEventListener("change", load);
  load();
})();
