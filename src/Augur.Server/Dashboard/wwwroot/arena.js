// Arena: blind battles, votes, the leaderboard, and the automated greedy comparison.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const labelOf = (id) => (id.endsWith("#ngram") ? id.slice(0, -6) + " + n-gram" : id);
  let battle = null;

  function rows(table, cells, empty) {
    const body = table.querySelector("tbody");
    body.replaceChildren();
    if (cells.length === 0) {
      const row = body.insertRow();
      const cell = row.insertCell();
      cell.colSpan = table.querySelectorAll("thead th").length;
      cell.className = "muted";
      cell.textContent = empty;
      return;
    }
    for (const values of cells) {
      const row = body.insertRow();
      values.forEach((v, i) => {
        const cell = row.insertCell();
        cell.textContent = v;
        if (i > 0) cell.className = "num";
      });
    }
  }
  function showBoard(board) {
    rows($("leaderboard"), board.ratings.map((r) => [labelOf(r.variant), r.rating.toFixed(0), `${r.low.toFixed(0)} – ${r.high.toFixed(0)}`, r.battles, `${r.wins} / ${r.losses} / ${r.ties}`]), "No votes yet.");
    rows($("pairs"), board.pairs.map((p) => [`${labelOf(p.first)} vs ${labelOf(p.second)}`, p.battles, p.firstWins, p.secondWins, p.ties, p.bothBad, augur.percent(p.firstWinRate)]), "No votes yet.");
    $("leaderboard").dataset.votes = String(board.votes);
  }
  const votes = $("votes");
  const voteButtons = votes.querySelectorAll("button");

  $("battle-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("battle").disabled = true;
    $("battle-status").textContent = "Generating both answers…";
    try {
      battle = await augur.postJson("/dashboard/api/arena/battles", { variantA: $("variant-a").value, variantB: $("variant-b").value, prompt: $("arena-prompt").value, maxTokens: 96 });
      $("answer-a").textContent = battle.answerA;
      $("answer-b").textContent = battle.answerB;
      $("reveal-a").textContent = "";
      $("reveal-b").textContent = "";
      $("answers").hidden = false;
      votes.hidden = false;
      voteButtons.forEach((b) => { b.disabled = false; });
      $("battle-status").textContent = "Which answer is better?";
      voteButtons[0].focus();
    } catch (error) {
      $("battle-status").textContent = error.message;
    } finally {
      $("battle").disabled = false;
    }
  });
  voteButtons.forEach((button) => button.addEventListener("click", async () => {
    if (!battle) return;
    voteButtons.forEach((b) => { b.disabled = true; });
    try {
      const result = await augur.postJson(`/dashboard/api/arena/battles/${battle.id}/vote`, { outcome: button.dataset.vote });
      $("reveal-a").textContent = "A was " + labelOf(result.variantA);
      $("reveal-b").textContent = "B was " + labelOf(result.variantB);
      $("battle-status").textContent = "Vote recorded.";
      showBoard(result.leaderboard);
      battle = null;
    } catch (error) {
      $("battle-status").textContent = error.message;
    }
  }));

  $("auto-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("auto-run").disabled = true;
    $("auto-status").textContent = "Running…";
    try {
      const report = await augur.postJson("/dashboard/api/arena/auto", {
        variantA: $("auto-a").value, variantB: $("auto-b").value, prompts: $("auto-prompts").value.split("\n"), maxTokens: Number($("auto-max").value),
      });
      $("auto-match").textContent = augur.percent(report.exactMatchRate) + ` of ${report.prompts}`;
      $("auto-lp").textContent = `${report.meanLogprobA.toFixed(3)} / ${report.meanLogprobB.toFixed(3)}`;
      $("auto-diff").textContent = `${report.meanLogprobDifference.toFixed(4)} (${report.comparedTokens} tokens)`;
      rows($("auto-rows"), report.rows.map((r) => [r.prompt, r.exactMatch ? "identical" : "differs", `${r.tokensA} / ${r.tokensB}`, `${r.meanLogprobA.toFixed(3)} / ${r.meanLogprobB.toFixed(3)}`, r.sharedPrefixTokens]), "");
      $("auto-rows").querySelectorAll("tbody tr td:nth-child(2)").forEach((c) => { c.className = ""; });
      $("auto-report").hidden = false;
      $("auto-status").textContent = "Done.";
    } catch (error) {
      $("auto-status").textContent = error.message;
    } finally {
      $("auto-run").disabled = false;
    }
  });

  augur.getJson("/dashboard/api/arena/leaderboard").then(showBoard).catch(() => {});
})();
