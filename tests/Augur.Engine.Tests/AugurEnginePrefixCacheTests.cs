using Augur.Engine.Requests;
using Augur.Engine.Sampling;

namespace Augur.Engine.Tests;

public sealed class AugurEnginePrefixCacheTests(EngineModels models) : IClassFixture<EngineModels>
{
    /// <summary>
    /// Random workloads (shared system prompts, repeated questions, cancellations, a KV pool small enough to force
    /// preemption and eviction) give the same outputs with prefix caching on and off, and every block comes back.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void CachedEqualsUncached_OnRandomWorkloads_AndNoBlockLeaks(int seed)
    {
        LoadedModel m = models.Stories260K;
        var random = new Random(seed);
        int vocabulary = m.File.Tokenizer.Vocabulary.Count;
        int[][] systems = Enumerable.Range(0, 3).Select(_ => Tokens(random, vocabulary, random.Next(8, 40))).ToArray();
        var submissions = new List<Submission>();
        for (int i = 0; i < 14; i++)
        {
            int[] prompt = [1, .. systems[random.Next(systems.Length)], .. Tokens(random, vocabulary, random.Next(1, 20))];
            if (i > 0 && random.Next(4) == 0)
                prompt = [.. submissions[random.Next(submissions.Count)].Request.PromptTokens]; // asked again
            var request = new GenerationRequest
            {
                PromptTokens = prompt,
                MaxTokens = random.Next(3, 30),
                Sampling = random.Next(2) == 0 ? SamplingOptions.Greedy : new SamplingOptions { Temperature = 0.9f, Seed = (ulong)i },
                Priority = random.Next(3) == 0 ? RequestPriority.Batch : RequestPriority.Interactive,
                IgnoreEndOfGeneration = true,
            };
            int arrival = random.Next(0, 30);
            int cancel = random.Next(6) == 0 ? arrival + random.Next(1, 8) : -1;
            submissions.Add(new Submission(request, arrival, cancel));
        }
        var options = new EngineOptions
        {
            KvCache = new() { BlockCount = 24, BlockTokens = 4 }, // 96 token slots for 14 sequences
            MaxBatchTokens = 32,
            PrefillChunkTokens = 12,
            MaxRunningSequences = 6,
        };

        using AugurEngine uncached = models.Engine(m, options with { PrefixCaching = false });
        Outcome[] expected = EngineDriver.Run(uncached, submissions);
        using AugurEngine cached = models.Engine(m, options);
        Outcome[] actual = EngineDriver.Run(cached, submissions);

        for (int i = 0; i < submissions.Count; i++)
        {
            if (submissions[i].CancelAtStep >= 0)
            {
                // Cancelled at a step: the faster run got further, on the same path.
                int common = Math.Min(expected[i].Tokens.Length, actual[i].Tokens.Length);
                Assert.Equal(expected[i].Tokens[..common], actual[i].Tokens[..common]);
                continue;
            }
            Assert.Equal(expected[i].Tokens, actual[i].Tokens);
            Assert.Equal(FinishReason.Length, actual[i].Completed.FinishReason);
        }

        foreach (AugurEngine engine in new[] { uncached, cached })
        {
            EngineStatistics stats = engine.Statistics;
            Assert.Equal(0, stats.KvBlocksUsed);
            Assert.Equal(stats.KvBlocksTotal, stats.KvBlocksFree);
            for (int block = 0; block < stats.KvBlocksTotal; block++)
                Assert.Equal(0, engine.Cache.ReferenceCount(block));
        }
        EngineStatistics c = cached.Statistics;
        Assert.True(c.PrefixHitTokens > 0, "No prefix was reused.");
        Assert.True(c.PrefixEvictions > 0, "Nothing was evicted: the pool is too large for this test.");
        Assert.True(uncached.Statistics.Preemptions > 0, "Nothing was preempted: the pool is too large for this test.");
        Assert.Equal(0, uncached.Statistics.PrefixHitTokens);
        Assert.True(c.PrefillTokens < uncached.Statistics.PrefillTokens);
    }

    [Fact]
    public void ARepeatedPrompt_ComesFromTheCache_AndReportsItsCachedTokens()
    {
        LoadedModel m = models.Stories260K;
        int[] prompt = [1, .. Tokens(new Random(3), m.File.Tokenizer.Vocabulary.Count, 70)];
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 8 };
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64 } });

        Outcome first = EngineDriver.Run(engine, [new Submission(request)])[0];
        long prefilled = engine.Statistics.PrefillTokens;
        Outcome second = EngineDriver.Run(engine, [new Submission(request)])[0];

        Assert.Equal(first.Tokens, second.Tokens);
        Assert.Equal(0, first.Completed.Usage.CachedPromptTokens);
        Assert.Equal(64, second.Completed.Usage.CachedPromptTokens); // 4 full blocks of 16; the 71st token is computed
        Assert.Equal(71 - 64, engine.Statistics.PrefillTokens - prefilled);
        Assert.Equal(64.0 / (2 * 71), engine.Statistics.PrefixHitRate, 6);
    }

    [Fact]
    public void AConversation_ReusesEveryFullBlockOfTheTurnsBefore_ButNotAcrossNamespaces()
    {
        LoadedModel m = models.Stories260K;
        var random = new Random(8);
        int vocabulary = m.File.Tokenizer.Vocabulary.Count;
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64 } });
        var history = new List<int> { 1 };
        int computedBefore = 0; // positions of the conversation whose keys and values the last turn computed
        for (int turn = 0; turn < 4; turn++)
        {
            history.AddRange(Tokens(random, vocabulary, random.Next(5, 15))); // the user's message
            var request = new GenerationRequest { PromptTokens = history.ToArray(), MaxTokens = 10, IgnoreEndOfGeneration = true };
            Outcome outcome = EngineDriver.Run(engine, [new Submission(request)])[0];

            // Every full block the last turn computed is reused, up to the one that holds the prompt's last token.
            int expected = Math.Min(computedBefore / 16, (history.Count - 1) / 16) * 16;
            Assert.Equal(expected, outcome.Completed.Usage.CachedPromptTokens);
            computedBefore = history.Count + outcome.Tokens.Length - 1; // the last sampled token never ran
            history.AddRange(outcome.Tokens); // the answer, as the next turn's prompt carries it
        }
        Assert.True(computedBefore > 64);

        var elsewhere = new GenerationRequest { PromptTokens = history.ToArray(), MaxTokens = 1, CacheNamespace = "adapter:other" };
        Assert.Equal(0, EngineDriver.Run(engine, [new Submission(elsewhere)])[0].Completed.Usage.CachedPromptTokens);
    }

    private static int[] Tokens(Random random, int vocabulary, int count) =>
        Enumerable.Range(0, count).Select(_ => random.Next(3, vocabulary)).ToArray();
}
