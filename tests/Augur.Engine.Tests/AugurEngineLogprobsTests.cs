using Augur.Engine.Model;
using Augur.Engine.Requests;
using Augur.Engine.Speculative;

namespace Augur.Engine.Tests;

/// <summary>Per-token log-probabilities, per-sequence draft counts and the time-to-first-token window.</summary>
public sealed class AugurEngineLogprobsTests(EngineModels models) : IClassFixture<EngineModels>
{
    private static readonly EngineOptions Options = new() { KvCache = new() { BlockCount = 64 } };

    [Fact]
    public async Task Logprobs_MatchTheLogSoftmaxOfAPlainForwardPass()
    {
        LoadedModel m = models.Stories260K;
        int[] prompt = [1, .. Enumerable.Range(30, 12)];
        using AugurEngine engine = models.Engine(m, Options);
        engine.Start();
        (List<int> tokens, List<float> logprobs, _) = await CollectAsync(engine.Submit(new GenerationRequest { PromptTokens = prompt, MaxTokens = 12, IgnoreEndOfGeneration = true, Logprobs = true }));

        Assert.Equal(12, tokens.Count);
        Assert.Equal(tokens.Count, logprobs.Count);
        using var reference = new Transformer(m.Weights, models.Pool);
        float[] logits = reference.Prefill(prompt, 0).ToArray();
        for (int i = 0; i < tokens.Count; i++)
        {
            double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
            double expected = logits[tokens[i]] - max - Math.Log(sum);
            Assert.Equal(expected, logprobs[i], 0.01); // the batched runner quantizes activations like the reference, but sums in another order
            Assert.Equal(Array.IndexOf(logits, logits.Max()), tokens[i]); // greedy: the most likely token
            logits = reference.Forward(tokens[i], prompt.Length + i).ToArray();
        }
    }

    [Fact]
    public async Task WithoutTheFlag_DeltasCarryNoLogprobs()
    {
        using AugurEngine engine = models.Engine(models.Stories260K, Options);
        engine.Start();
        await foreach (GenerationEvent e in engine.Submit(new GenerationRequest { PromptTokens = [1, 40, 41], MaxTokens = 4 }))
            Assert.True(e is not GenerationDelta { Logprobs: not null });
    }

    [Fact]
    public async Task NgramSpeculation_CountsItsDraftsInTheUsage_AndKeepsTheLogprobs()
    {
        LoadedModel m = models.Stories260K;
        int[] prompt = m.File.Tokenizer.Encode("Lily and Ben went to the park. Lily and Ben went to the park. Lily and Ben", new() { AddBos = true });
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 40, IgnoreEndOfGeneration = true, Logprobs = true };
        using AugurEngine plain = models.Engine(m, Options);
        plain.Start();
        var expected = await CollectAsync(plain.Submit(request));
        var speculation = new SpeculativeOptions { Method = SpeculativeMethod.Ngram, MaxDraftTokens = 4, Adaptive = false };
        using AugurEngine speculative = models.Engine(m, Options);
        speculative.Start();
        var actual = await CollectAsync(speculative.Submit(request with { Speculation = speculation }));

        Assert.Equal(expected.Tokens, actual.Tokens);
        for (int i = 0; i < expected.Logprobs.Count; i++)
            Assert.Equal(expected.Logprobs[i], actual.Logprobs[i], 0.01);
        Assert.Equal(0, expected.Usage.DraftedTokens);
        Assert.True(actual.Usage.AcceptedDraftTokens > 0 && actual.Usage.AcceptedDraftTokens <= actual.Usage.DraftedTokens, $"{actual.Usage.AcceptedDraftTokens} of {actual.Usage.DraftedTokens}");
        Assert.Equal(speculative.Statistics.DraftedTokens, actual.Usage.DraftedTokens);
        Assert.Equal(speculative.Statistics.AcceptedDraftTokens, actual.Usage.AcceptedDraftTokens);
    }

    [Fact]
    public async Task TimeToFirstToken_SummarizesTheSequencesSoFar()
    {
        using AugurEngine engine = models.Engine(models.Stories260K, Options);
        engine.Start();
        Assert.Equal(0, engine.TimeToFirstToken.Count);
        for (int i = 0; i < 3; i++)
            await CollectAsync(engine.Submit(new GenerationRequest { PromptTokens = [1, 50 + i], MaxTokens = 2 }));

        var summary = engine.TimeToFirstToken;
        Assert.Equal(3, summary.Count);
        Assert.True(summary.P50Seconds > 0 && summary.P50Seconds <= summary.P95Seconds, $"{summary}");
    }

    private static async Task<(List<int> Tokens, List<float> Logprobs, GenerationUsage Usage)> CollectAsync(IAsyncEnumerable<GenerationEvent> events)
    {
        var tokens = new List<int>();
        var logprobs = new List<float>();
        await foreach (GenerationEvent e in events)
        {
            if (e is GenerationDelta delta)
            {
                tokens.AddRange(delta.Tokens);
                logprobs.AddRange(delta.Logprobs ?? []);
            }
            else if (e is GenerationCompleted completed)
            {
                return (tokens, logprobs, completed.Usage);
            }
        }
        throw new InvalidOperationException("No completed event.");
    }
}
