// Shared helpers of the dashboard's pages: JSON calls that carry the antiforgery token, and number formats.
"use strict";
window.augur = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";
  const onExpired = (response) => { if (response.status === 401) window.location.assign("/login?ReturnUrl=" + encodeURIComponent(location.pathname)); };
  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    onExpired(response);
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error ?? response.statusText);
    return response.json();
  }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": csrf() }, body: JSON.stringify(body) })
      .then((response) => { onExpired(response); return response; });
  }
  async function postJson(url, body) {
    const response = await post(url, body);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error ?? response.statusText);
    return data;
  }
  const number = (value, digits = 0) => Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const percent = (value) => (100 * value).toFixed(1) + "%";
  const palette = ["#f38020", "#2563eb", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#ca8a04", "#4b5563"];
  return { getJson, post, postJson, number, percent, palette };
})();
