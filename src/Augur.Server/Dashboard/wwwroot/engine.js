// Engine: live KV use, sequences, throughput and queue depth per model, polled every two seconds while auto-refresh is on.
"use strict";
(() => {
  const button = document.getElementById("engine-refresh");
  const history = 90;
  const chart = new Chart(document.getElementById("throughput-chart"), {
    type: "line",
    data: { labels: [], datasets: [] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, elements: { point: { radius: 0 } }, scales: { y: { beginAtZero: true } }, plugins: { legend: { position: "bottom" } } },
  });
  let timer = null;
  function series(label, i) {
    let set = chart.data.datasets.find((d) => d.label === label);
    if (!set) {
      set = { label, data: Array(chart.data.labels.length).fill(null), borderColor: augur.palette[i % augur.palette.length], backgroundColor: augur.palette[i % augur.palette.length], tension: .25, borderWidth: 2 };
      chart.data.datasets.push(set);
    }
    return set;
  }
  async function refresh() {
    let figures;
    try { figures = await augur.getJson("/dashboard/api/engine"); } catch { return; }
    chart.data.labels.push(new Date().toLocaleTimeString());
    figures.forEach((f, i) => {
      series(`${f.model} decode`, 2 * i).data.push(f.decodeTokensPerSecond);
      series(`${f.model} prefill`, 2 * i + 1).data.push(f.prefillTokensPerSecond);
      const card = document.querySelector(`[data-engine="${CSS.escape(f.model)}"]`);
      if (!card) return;
      const set = (field, text) => { card.querySelector(`[data-field="${field}"]`).textContent = text; };
      const used = f.kvBlocksTotal === 0 ? 0 : f.kvBlocksUsed / f.kvBlocksTotal;
      set("kv", `${augur.percent(used)} · ${f.kvBlocksUsed} / ${f.kvBlocksTotal} blocks`);
      card.querySelector('[data-field="kvbar"]').style.width = (100 * used).toFixed(1) + "%";
      card.querySelector('[role="progressbar"]').setAttribute("aria-valuenow", (100 * used).toFixed(0));
      set("running", f.running);
      set("waiting", f.waiting);
      set("prefill", augur.number(f.prefillTokensPerSecond, 1));
      set("decode", augur.number(f.decodeTokensPerSecond, 1));
      set("steps", `${augur.number(f.steps)} · ${f.preemptions}`);
    });
    if (chart.data.labels.length > history) {
      chart.data.labels.shift();
      chart.data.datasets.forEach((d) => d.data.shift());
    }
    chart.update();
    document.getElementById("engine-updated").textContent = "Updated " + new Date().toLocaleTimeString();
  }
  function start() { refresh(); timer = setInterval(refresh, 2000); }
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    button.textContent = "Auto-refresh: " + (on ? "on" : "off");
    if (on) start(); else clearInterval(timer);
  });
  start();
})();
