using System.Security.Cryptography;
using System.Text;
using Augur.Engine.Requests;
using Augur.Server.Dashboard;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Hosting;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Arena;

/// <summary>
/// Runs the arena: a battle sends one prompt to two variants at once (as the signed-in account, metered like any
/// request), shuffles which is shown as A, and stores it blind; an automated run sends a prompt set to both under
/// greedy decoding with per-token log-probabilities.
/// </summary>
internal sealed class ArenaRunner(TextGenerator generator, IAugurStore store, TimeProvider time)
{
    public const int DefaultMaxTokens = 96;
    public const int MaxPrompts = 64;

    public async Task<ArenaBattleView> BattleAsync(HttpContext http, ArenaBattleRequest request)
    {
        (ArenaVariant first, ArenaVariant second) = Pair(request.VariantA, request.VariantB);
        if (string.IsNullOrWhiteSpace(request.Prompt))
            throw ApiException.BadInput("Write a prompt first.");
        int maxTokens = Math.Clamp(request.MaxTokens ?? DefaultMaxTokens, 1, 1024);
        var input = new GenerationInput { Messages = [new Augur.Models.ChatTemplates.ChatMessage("user", request.Prompt)], Temperature = 0.7f, MaxTokens = maxTokens };

        // Blind: a coin decides which variant is shown as A.
        if (RandomNumberGenerator.GetInt32(2) == 1)
            (first, second) = (second, first);
        Task<Answer> a = GenerateAsync(http, first, input, logprobs: false);
        Task<Answer> b = GenerateAsync(http, second, input, logprobs: false);
        await Task.WhenAll(a, b).ConfigureAwait(false);

        var battle = new ArenaBattle(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), DashboardSession.AccountId(http), time.GetUtcNow(),
            request.Prompt, first.Id, second.Id, null, null);
        await store.Arena.CreateBattleAsync(battle, http.RequestAborted).ConfigureAwait(false);
        return new ArenaBattleView(battle.Id, (await a.ConfigureAwait(false)).Text, (await b.ConfigureAwait(false)).Text);
    }

    public async Task<ArenaAutoReport> AutoAsync(HttpContext http, ArenaAutoRequest request)
    {
        (ArenaVariant a, ArenaVariant b) = Pair(request.VariantA, request.VariantB);
        string[] prompts = [.. (request.Prompts ?? []).Select(p => p.Trim()).Where(p => p.Length > 0)];
        if (prompts.Length is 0 or > MaxPrompts)
            throw ApiException.BadInput($"Give 1 to {MaxPrompts} prompts, one per line.");
        int maxTokens = Math.Clamp(request.MaxTokens ?? DefaultMaxTokens / 2, 1, 512);

        var rows = new List<ArenaAutoRow>();
        double sumA = 0, sumB = 0, sumDifference = 0;
        int tokensA = 0, tokensB = 0, compared = 0;
        foreach (string prompt in prompts)
        {
            var input = new GenerationInput { Prompt = prompt, Raw = true, Temperature = 0, MaxTokens = maxTokens };
            Answer x = await GenerateAsync(http, a, input, logprobs: true).ConfigureAwait(false);
            Answer y = await GenerateAsync(http, b, input, logprobs: true).ConfigureAwait(false);
            int shared = 0;
            while (shared < x.Tokens.Count && shared < y.Tokens.Count && x.Tokens[shared] == y.Tokens[shared])
            {
                sumDifference += x.Logprobs[shared] - y.Logprobs[shared];
                shared++;
            }
            compared += shared;
            sumA += x.Logprobs.Sum();
            sumB += y.Logprobs.Sum();
            tokensA += x.Tokens.Count;
            tokensB += y.Tokens.Count;
            rows.Add(new ArenaAutoRow(prompt, x.Tokens.SequenceEqual(y.Tokens), x.Tokens.Count, y.Tokens.Count,
                Mean(x.Logprobs.Sum(), x.Tokens.Count), Mean(y.Logprobs.Sum(), y.Tokens.Count), shared));
        }
        return new ArenaAutoReport(a.Id, b.Id, rows.Count, (double)rows.Count(r => r.ExactMatch) / rows.Count,
            Mean(sumA, tokensA), Mean(sumB, tokensB), Mean(sumDifference, compared), compared, rows);
    }

    private static double Mean(double sum, int count) => count == 0 ? 0 : sum / count;

    private (ArenaVariant A, ArenaVariant B) Pair(string? a, string? b)
    {
        ArenaVariant first = ArenaVariant.Find(generator.Catalog, a) ?? throw ApiException.BadInput($"No variant {a}.");
        ArenaVariant second = ArenaVariant.Find(generator.Catalog, b) ?? throw ApiException.BadInput($"No variant {b}.");
        if (first.Id == second.Id)
            throw ApiException.BadInput("Pick two different variants.");
        return (first, second);
    }

    private sealed record Answer(string Text, List<int> Tokens, List<float> Logprobs);

    private async Task<Answer> GenerateAsync(HttpContext http, ArenaVariant variant, GenerationInput input, bool logprobs)
    {
        IAsyncEnumerable<GenerationEvent> events = await generator.SubmitAsync(http, variant.Entry, input, input.MaxTokens is long m ? (int)m : null,
            request => request with { Speculation = variant.EngineSpeculation ?? request.Speculation, Logprobs = logprobs }).ConfigureAwait(false);
        var text = new StringBuilder();
        var tokens = new List<int>();
        var values = new List<float>();
        await foreach (GenerationEvent e in events.ConfigureAwait(false))
        {
            if (e is GenerationDelta delta)
            {
                text.Append(delta.Text);
                tokens.AddRange(delta.Tokens);
                values.AddRange(delta.Logprobs ?? []);
            }
            else if (e is GenerationCompleted { FinishReason: Augur.Engine.FinishReason.Error } failed)
            {
                throw new ApiException(WorkersAiError.Internal, failed.Error ?? "The engine failed.");
            }
        }
        return new Answer(text.ToString(), tokens, values);
    }
}
