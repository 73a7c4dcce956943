using Augur.Engine.Requests;
using Augur.Engine.Sampling;

namespace Augur.Engine.Tests;

public sealed class AugurEngineBatchingTests(EngineModels models) : IClassFixture<EngineModels>
{
    /// <summary>
    /// Sequences of different lengths, sampling options and arrival steps run together, in prefill chunks mixed with
    /// decodes, and each produces exactly the tokens it produces alone.
    /// </summary>
    [Theory]
    [InlineData("stories260K", false)]
    [InlineData("stories260K", true)]
    [InlineData("synthetic", false)]
    [InlineData("synthetic", true)]
    public void Batched_EachSequenceProducesWhatItProducesAlone(string model, bool sampled)
    {
        LoadedModel m = models[model];
        var random = new Random(sampled ? 31 : 37);
        var submissions = new List<Submission>();
        for (int i = 0; i < 8; i++)
        {
            int[] prompt = [1, .. Enumerable.Range(0, random.Next(2, 60)).Select(_ => random.Next(3, m.File.Tokenizer.Vocabulary.Count))];
            SamplingOptions sampling = sampled
                ? new SamplingOptions { Temperature = 0.7f + 0.1f * (i % 4), TopK = i % 2 == 0 ? 40 : 0, TopP = 0.95f, Seed = (ulong)(100 + i) }
                : SamplingOptions.Greedy;
            var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = random.Next(4, 40), Sampling = sampling, IgnoreEndOfGeneration = i % 3 == 0 };
            submissions.Add(new Submission(request, ArrivalStep: random.Next(0, 12)));
        }
        var options = new EngineOptions
        {
            KvCache = new() { BlockCount = 128, BlockTokens = 16 },
            MaxBatchTokens = 48,
            PrefillChunkTokens = 16,
            MaxRunningSequences = 8,
        };

        Outcome[] alone = EngineDriver.RunAlone(() => models.Engine(m, options with { PrefixCaching = false }), submissions);
        using AugurEngine engine = models.Engine(m, options);
        Outcome[] together = EngineDriver.Run(engine, submissions);

        for (int i = 0; i < submissions.Count; i++)
        {
            Assert.Equal(alone[i].Tokens, together[i].Tokens);
            Assert.Equal(alone[i].Text, together[i].Text);
            Assert.Equal(alone[i].Completed.FinishReason, together[i].Completed.FinishReason);
        }
        Assert.Contains(together, o => o.Tokens.Length > 3);
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
        int stepsAlone = submissions.Select((s, i) => (s.Request.PromptTokens.Count + 15) / 16 + alone[i].Tokens.Length - 1).Sum();
        Assert.True(engine.Statistics.Steps < stepsAlone * 2 / 3, $"{engine.Statistics.Steps} steps together against {stepsAlone} alone: they did not batch.");
    }
}
