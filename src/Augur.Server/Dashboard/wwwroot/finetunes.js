// Finetunes: create one, upload its files (each through the server's checks), delete one; the page reloads after each change.
"use strict";
(() => {
  const status = document.getElementById("finetune-status");
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
  function fail(message) {
    status.replaceChildren();
    const note = document.createElement("span");
    note.className = "error";
    note.setAttribute("role", "alert");
    note.textContent = message;
    status.append(note);
  }
  async function upload(id, input) {
    const form = new FormData();
    form.append("file_name", input.dataset.fileName);
    form.append("file", input.files[0]);
    const response = await fetch(`/dashboard/api/finetunes/${encodeURIComponent(id)}/assets`, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-TOKEN": csrf() }, body: form,
    });
    if (response.status === 401) { location.assign("/login?ReturnUrl=/finetunes"); return; }
    if (!response.ok) throw new Error(`${input.dataset.fileName}: ${(await response.json().catch(() => ({}))).error ?? response.statusText}`);
  }

  document.getElementById("finetune-form")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await augur.postJson("/dashboard/api/finetunes", {
        model: document.getElementById("finetune-model").value,
        name: document.getElementById("finetune-name").value,
        description: document.getElementById("finetune-description").value,
      });
      location.reload();
    } catch (error) { fail(error.message); }
  });
  for (const form of document.querySelectorAll(".upload-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const inputs = [...form.querySelectorAll("input[type=file]")].filter((input) => input.files.length > 0);
      if (inputs.length === 0) { fail("Choose a file first."); return; }
      status.textContent = "Uploading…";
      try {
        for (const input of inputs) await upload(form.dataset.id, input);
        location.reload();
      } catch (error) { fail(error.message); }
    });
  }
  for (const button of document.querySelectorAll(".delete-finetune")) {
    button.addEventListener("click", async () => {
      if (!confirm(`Delete the finetune ${button.dataset.name}?`)) return;
      const response = await augur.post(`/dashboard/api/finetunes/${encodeURIComponent(button.dataset.id)}/delete`, {});
      if (response.ok) location.reload(); else fail((await response.json().catch(() => ({}))).error ?? response.statusText);
    });
  }
})();
