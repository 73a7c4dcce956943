// Models: each model's live figures, refreshed every three seconds.
"use strict";
(() => {
  const ms = (v, n) => (n === 0 ? "–" : augur.number(v, 1) + " ms");
  async function refresh() {
    try {
      for (const f of await augur.getJson("/dashboard/api/engine")) {
        const card = document.querySelector(`[data-model="${CSS.escape(f.model)}"]`);
        if (!card) continue;
        const set = (field, text) => { card.querySelector(`[data-field="${field}"]`).textContent = text; };
        set("decode", augur.number(f.decodeTokensPerSecond, 1));
        set("ttft50", ms(f.timeToFirstTokenP50Ms, f.timeToFirstTokenSamples));
        set("ttft95", ms(f.timeToFirstTokenP95Ms, f.timeToFirstTokenSamples));
        set("prefix", augur.percent(f.prefixHitRate));
        set("accept", f.draftedTokens === 0 ? "no drafts yet" : augur.percent(f.draftAcceptanceRate));
      }
    } catch { /* the next refresh tries again */ }
  }
  refresh();
  setInterval(refresh, 3000);
})();
