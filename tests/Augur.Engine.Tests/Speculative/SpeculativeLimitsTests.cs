using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Engine.Tests;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Speculative.Tests;

public sealed class SpeculativeLimitsTests(SpeculativeModels models) : IClassFixture<SpeculativeModels>
{
    private static readonly SpeculativeOptions Drafting = new() { Method = SpeculativeMethod.DraftModel, MaxDraftTokens = 6, Adaptive = false };

    [Fact]
    public void AfterManyRejections_NoBlockLeaks_AndTokenLimitsAreExact()
    {
        var options = new EngineOptions
        {
            KvCache = new() { BlockCount = 40, BlockTokens = 4 }, // small: speculating sequences get preempted too
            DraftKvCache = new() { BlockCount = 64, BlockTokens = 4 },
            MaxBatchTokens = 64,
            Speculation = Drafting,
        };
        using AugurEngine engine = models.Engine("stories260K", options, "llama2xs");
        var random = new Random(12);
        Submission[] submissions = Enumerable.Range(0, 16)
            .Select(i => new Submission(new GenerationRequest
            {
                PromptTokens = [1, .. Enumerable.Range(0, random.Next(3, 20)).Select(_ => random.Next(3, 512))],
                MaxTokens = 1 + random.Next(40),
                Sampling = new SamplingOptions { Temperature = 1.5f, Seed = (ulong)i }, // hot: drafts are often rejected
                IgnoreEndOfGeneration = true,
                Speculation = i % 4 == 3 ? SpeculativeOptions.Off : null, // per request: some do not speculate
            }, ArrivalStep: random.Next(10), CancelAtStep: i % 5 == 4 ? 12 : -1))
            .ToArray();

        Outcome[] outcomes = EngineDriver.Run(engine, submissions);

        for (int i = 0; i < submissions.Length; i++)
        {
            if (submissions[i].CancelAtStep >= 0 && outcomes[i].Completed.FinishReason == FinishReason.Cancelled)
            {
                Assert.True(outcomes[i].Tokens.Length <= submissions[i].Request.MaxTokens);
                continue;
            }
            Assert.Equal(FinishReason.Length, outcomes[i].Completed.FinishReason);
            Assert.Equal(submissions[i].Request.MaxTokens, outcomes[i].Tokens.Length); // never one over
            Assert.Equal(submissions[i].Request.MaxTokens, outcomes[i].Completed.Usage.CompletionTokens);
        }
        EngineStatistics stats = engine.Statistics;
        Assert.True(stats.DraftedTokens - stats.AcceptedDraftTokens > 50, $"{stats.DraftedTokens - stats.AcceptedDraftTokens} rejections");
        Assert.True(stats.Preemptions > 0, "nothing was preempted");
        Assert.Equal(0, stats.KvBlocksUsed);
        for (int block = 0; block < engine.Cache.BlockCount; block++)
            Assert.Equal(0, engine.Cache.ReferenceCount(block));
        Assert.Equal(0, engine.DraftCache!.UsedBlocks);
    }

    [Theory]
    [InlineData(SpeculativeMethod.DraftModel)]
    [InlineData(SpeculativeMethod.Ngram)]
    public void StopStrings_CutTheSpeculativeOutput_WhereTheyCutThePlainOne(SpeculativeMethod method)
    {
        var options = new EngineOptions { KvCache = new() { BlockCount = 128 }, DraftKvCache = new() { BlockCount = 128 } };
        int[] prompt = models.Models["stories260K"].File.Tokenizer.Encode("Once upon a time", new EncodeSettings { AddBos = true });
        using AugurEngine plain = models.Engine("stories260K", options);
        Outcome free = EngineDriver.Run(plain, [new Submission(new GenerationRequest { PromptTokens = prompt, MaxTokens = 100 })])[0];
        string[] words = free.Text.Split(' ');
        foreach (string stop in new[] { " " + words[5], words[9][..2], " " + words[14] + " " + words[15] })
        {
            var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 100, Stop = [stop], Speculation = Drafting with { Method = method } };
            using AugurEngine speculative = models.Engine("stories260K", options, method == SpeculativeMethod.DraftModel ? "stories260K-q4_0" : null);
            Outcome expected = EngineDriver.Run(plain, [new Submission(request with { Speculation = SpeculativeOptions.Off })])[0];
            Outcome actual = EngineDriver.Run(speculative, [new Submission(request)])[0];

            Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], actual.Text);
            Assert.Equal(expected.Tokens, actual.Tokens); // the stop ends it at the same token: no draft token past it
            Assert.Equal(FinishReason.Stop, actual.Completed.FinishReason);
            Assert.True(speculative.Statistics.DraftRounds > 0);
        }
    }

    [Fact]
    public void ARequestForADraftModel_OnAnEngineWithout_IsRefused()
    {
        using AugurEngine engine = models.Engine("stories260K", new EngineOptions { KvCache = new() { BlockCount = 16 } });
        var request = new GenerationRequest { PromptTokens = [1, 5], Speculation = Drafting };
        Assert.Contains("no draft model", Assert.Throws<ArgumentException>(() => engine.Submit(request)).Message);
        Assert.Throws<ArgumentException>(() => engine.Submit(request with { Speculation = Drafting with { MaxDraftTokens = 17 } }));
    }
}
