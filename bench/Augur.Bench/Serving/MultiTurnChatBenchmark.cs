using System.Globalization;
using Augur.Engine;
using Augur.Engine.Requests;

namespace Augur.Bench.Serving;

/// <summary>
/// Interleaved multi-turn conversations on one fresh engine: at each turn every conversation submits its prompt at
/// once, and the next turn's prompt is the previous prompt, the answer the engine gave and a new user message of
/// random tokens. The prefix cache's measured hit rate (the engine's counters) is set against the theoretical maximum
/// (see <see cref="ChatResult"/>).
/// </summary>
public static class MultiTurnChatBenchmark
{
    public static async Task<ChatResult> RunAsync(ServingModel model, ServingBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        EngineOptions engineOptions = options.Engine();
        int blockTokens = engineOptions.KvCache.BlockTokens;
        using AugurEngine engine = model.CreateEngine(engineOptions);
        engine.Start();

        PromptTokens[] users = [.. Enumerable.Range(0, options.Conversations).Select(c => model.Prompts(options.Seed + 500 + c))];
        int[][] prompts = [.. users.Select(u => u.Next(options.UserTokens))];
        var computedBefore = new int[options.Conversations]; // tokens of the conversation whose keys and values were computed
        long promptTokens = 0, theoretical = 0, cachedByUsage = 0;
        var firstTurn = new List<double>();
        var laterTurns = new List<double>();
        for (int turn = 0; turn < options.Turns; turn++)
        {
            if (prompts.Any(p => p.Length + options.AnswerTokens > engine.ContextLength))
                throw new InvalidOperationException($"Turn {turn + 1} no longer fits the context of {engine.ContextLength} tokens: use fewer turns or tokens.");
            RequestOutcome[] answers = await Task.WhenAll(prompts.Select(p => Task.Run(() => RequestOutcome.Collect(engine.Submit(new GenerationRequest
            {
                PromptTokens = p,
                MaxTokens = options.AnswerTokens,
                IgnoreEndOfGeneration = true,
            }))))).ConfigureAwait(false);

            for (int c = 0; c < prompts.Length; c++)
            {
                promptTokens += prompts[c].Length;
                theoretical += computedBefore[c] / blockTokens * blockTokens;
                cachedByUsage += answers[c].Usage.CachedPromptTokens;
                (turn == 0 ? firstTurn : laterTurns).Add(answers[c].Usage.TimeToFirstToken.TotalSeconds);
                // The answer's last token is sampled but never run through the model: its keys and values do not exist.
                computedBefore[c] = prompts[c].Length + answers[c].Tokens.Length - 1;
                prompts[c] = [.. prompts[c], .. answers[c].Tokens, .. users[c].Next(options.UserTokens)];
            }
            EngineStatistics s = engine.Statistics;
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"chat turn {turn + 1}/{options.Turns}: hit rate so far {s.PrefixHitRate:P1} (max {(double)theoretical / promptTokens:P1}), {s.KvBlocksCached}/{s.KvBlocksTotal} blocks cached, {s.PrefixEvictions} evictions"));
        }

        EngineStatistics end = engine.Statistics;
        if (end.PrefixQueryTokens != promptTokens || end.PrefixHitTokens != cachedByUsage)
            throw new InvalidOperationException($"The engine counted {end.PrefixHitTokens}/{end.PrefixQueryTokens} hit tokens; the requests' usage says {cachedByUsage}/{promptTokens}.");
        return new ChatResult(options.Conversations, options.Turns, options.UserTokens, options.AnswerTokens, end.PrefixQueryTokens, end.PrefixHitTokens,
            theoretical, end.PrefixHitRate, (double)theoretical / promptTokens, end.PrefixEvictions,
            RateSummary.MedianOf(firstTurn), laterTurns.Count > 0 ? RateSummary.MedianOf(laterTurns) : double.NaN);
    }
}
