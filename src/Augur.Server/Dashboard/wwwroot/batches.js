// Batches: the account's batches (polled every two seconds while any is queued or running), one batch's items, its
// results as downloads, and a form that submits one prompt per line.
"use strict";
(() => {
  const rows = document.getElementById("batch-rows");
  const detail = document.getElementById("batch-detail");
  const status = document.getElementById("batch-status");
  let opened = null;
  let timer = null;
  const cell = (row, text, className) => {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    row.append(td);
    return td;
  };
  const when = (iso) => new Date(iso).toLocaleString();
  const running = (b) => b.status === "queued" || b.status === "running";

  async function refresh() {
    let batches;
    try { batches = await augur.getJson("/dashboard/api/batches"); } catch { return schedule(true); }
    rows.replaceChildren();
    for (const b of batches) {
      const row = document.createElement("tr");
      row.dataset.batch = b.id;
      const link = document.createElement("button");
      link.type = "button";
      link.className = "link mono";
      link.textContent = b.id.slice(0, 8);
      link.setAttribute("aria-label", "Open batch " + b.id);
      link.addEventListener("click", () => open(b.id));
      cell(row, "").append(link);
      cell(row, b.model, "mono");
      cell(row, b.kind);
      cell(row, when(b.createdAt));
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.field = "status";
      badge.textContent = b.status;
      cell(row, "").append(badge);
      const progress = cell(row, `${b.done} / ${b.total}`, "num");
      progress.dataset.field = "progress";
      const failed = cell(row, String(b.failed), "num");
      failed.dataset.field = "failed";
      rows.append(row);
    }
    document.getElementById("batch-empty").hidden = batches.length > 0;
    document.getElementById("batches-updated").textContent = "Updated " + new Date().toLocaleTimeString();
    if (opened) await open(opened, true);
    schedule(batches.some(running));
  }
  function schedule(again) {
    clearTimeout(timer);
    if (again) timer = setTimeout(refresh, 2000);
  }

  async function open(id, quiet) {
    let data;
    try { data = await augur.getJson("/dashboard/api/batches/" + encodeURIComponent(id)); } catch (error) { if (!quiet) status.textContent = error.message; return; }
    opened = id;
    const b = data.batch;
    detail.hidden = false;
    document.getElementById("detail-id").textContent = b.id;
    document.getElementById("detail-summary").textContent =
      `${b.model} · ${b.kind} · ${b.status} · ${b.done} of ${b.total} done, ${b.failed} failed${b.cancelled ? `, ${b.cancelled} cancelled` : ""}`;
    const base = "/dashboard/api/batches/" + encodeURIComponent(b.id) + "/results";
    for (const [linkId, format] of [["download-json", "json"], ["download-jsonl", "jsonl"]]) {
      const link = document.getElementById(linkId);
      const finished = !running(b);
      if (finished) link.href = `${base}?format=${format}`; else link.removeAttribute("href");
      link.setAttribute("aria-disabled", String(!finished));
    }
    const items = document.getElementById("item-rows");
    items.replaceChildren();
    for (const item of data.items) {
      const row = document.createElement("tr");
      cell(row, String(item.index), "num");
      cell(row, item.externalReference ?? "", "mono");
      cell(row, item.state === "done" ? (item.success ? "succeeded" : "failed") : item.state);
      const preview = cell(row, item.preview ?? "–", item.state === "done" && !item.success ? "error" : "");
      preview.dataset.field = "preview";
      cell(row, item.state === "done" ? `${item.promptTokens} / ${item.completionTokens}` : "", "num");
      items.append(row);
    }
    if (!quiet) detail.scrollIntoView({ block: "nearest" });
  }

  document.getElementById("batch-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "Submitting…";
    try {
      const maxTokens = document.getElementById("batch-max-tokens").value;
      const created = await augur.postJson("/dashboard/api/batches", {
        model: document.getElementById("batch-model").value,
        prompts: document.getElementById("batch-prompts").value,
        maxTokens: maxTokens === "" ? null : Number(maxTokens),
      });
      status.textContent = "Submitted " + created.id;
      opened = created.id;
      await refresh();
    } catch (error) {
      status.textContent = "";
      const note = document.createElement("span");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.textContent = error.message;
      status.append(note);
    }
  });
  refresh();
})();
