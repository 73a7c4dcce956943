// Playground: sends the conversation to the dashboard's streaming chat endpoint and shows the answer as it arrives.
"use strict";
(() => {
  const form = document.getElementById("chat-form");
  const transcript = document.getElementById("transcript");
  const message = document.getElementById("message");
  const send = document.getElementById("send");
  const stop = document.getElementById("stop");
  const value = (id) => document.getElementById(id).value;
  const optionalNumber = (id) => (value(id) === "" ? null : Number(value(id)));
  let history = [];
  let controller = null;
  const model = document.getElementById("model");
  const adapter = document.getElementById("adapter");
  // Only the selected model's finetunes can adapt it.
  function filterAdapters() {
    let any = false;
    for (const option of adapter.options) {
      if (!option.value) continue;
      option.hidden = option.disabled = option.dataset.model.toLowerCase() !== model.value.toLowerCase();
      any ||= !option.hidden;
    }
    if (adapter.selectedOptions[0]?.disabled) adapter.value = "";
    adapter.disabled = !any;
  }
  model.addEventListener("change", filterAdapters);
  filterAdapters();

  function bubble(role, text) {
    const item = document.createElement("li");
    item.className = "bubble " + role;
    const label = document.createElement("span");
    label.className = "role";
    label.textContent = role === "user" ? "You" : "Assistant";
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.append(label, body);
    transcript.append(item);
    transcript.scrollTop = transcript.scrollHeight;
    return item;
  }
  function chips(item, done) {
    const list = document.createElement("div");
    list.className = "stats";
    list.setAttribute("data-testid", "answer-stats");
    const parts = [
      `${done.inputTokens} in`, `${done.cachedTokens} cached`, `${done.outputTokens} out`,
      `${augur.number(done.tokensPerSecond, 1)} tok/s`, `TTFT ${augur.number(done.timeToFirstTokenMs, 0)} ms`,
      `${done.draftedTokens} drafted · ${done.acceptedDraftTokens} accepted`, done.finishReason,
    ];
    for (const part of parts) {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = part;
      list.append(chip);
    }
    item.append(list);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = message.value.trim();
    if (!text || controller) return;
    const raw = document.getElementById("raw").checked;
    const system = value("system").trim();
    bubble("user", text);
    message.value = "";
    history.push({ role: "user", content: text });
    const messages = system ? [{ role: "system", content: system }, ...history] : history;
    const answer = bubble("assistant", "");
    const body = answer.querySelector(".text");
    body.classList.add("streaming");
    controller = new AbortController();
    send.disabled = true;
    stop.disabled = false;
    let reply = "";
    try {
      const response = await fetch("/dashboard/api/playground/chat", {
        method: "POST", credentials: "same-origin", signal: controller.signal,
        headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": document.querySelector('meta[name="csrf-token"]').content },
        body: JSON.stringify({
          model: value("model"), messages: raw ? null : messages, prompt: raw ? text : null, raw,
          temperature: optionalNumber("temperature"), topP: optionalNumber("top-p"), topK: optionalNumber("top-k") || null,
          maxTokens: optionalNumber("max-tokens"), seed: optionalNumber("seed"), speculation: value("speculation"),
          lora: adapter.value || null,
        }),
      });
      if (response.status === 401) { location.assign("/login?ReturnUrl=/playground"); return; }
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error ?? response.statusText);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const line = buffer.slice(0, end).replace(/^data: /, "");
          buffer = buffer.slice(end + 2);
          if (line === "[DONE]") continue;
          const data = JSON.parse(line);
          if (data.error) throw new Error(data.error);
          if (data.text !== undefined) { reply += data.text; body.textContent = reply; body.dataset.events = String(Number(body.dataset.events ?? 0) + 1); transcript.scrollTop = transcript.scrollHeight; }
          if (data.finishReason !== undefined) chips(answer, data);
        }
      }
      history.push({ role: "assistant", content: reply });
    } catch (error) {
      if (error.name !== "AbortError") {
        const note = document.createElement("p");
        note.className = "error";
        note.setAttribute("role", "alert");
        note.textContent = error.message;
        answer.append(note);
      }
      history.push({ role: "assistant", content: reply });
    } finally {
      body.classList.remove("streaming");
      controller = null;
      send.disabled = false;
      stop.disabled = true;
      message.focus();
    }
  });
  message.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  stop.addEventListener("click", () => controller?.abort());
  document.getElementById("clear").addEventListener("click", () => { history = []; transcript.replaceChildren(); message.focus(); });
})();
