using Augur.Engine.Model;
using Augur.Engine.Requests;
using Augur.Engine.Speculative;
using Augur.Engine.Tests;
using Augur.Models.Lora;
using Augur.Tests.Common;

namespace Augur.Engine.Lora.Tests;

/// <summary>Sequences with different adapters, and with none, share one batch, one pass, one prefix cache.</summary>
public sealed class LoraMixedBatchTests(EngineModels models) : IClassFixture<EngineModels>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("stories260K")]
    [InlineData("synthetic")]
    public void Runner_AdaptersXYAndNoneInOneBatch_GiveTheBitsEachGivesAlone(string model)
    {
        LoadedModel m = models[model];
        LoraAdapter x = Adapter(m, 8, 16, Enum.GetValues<LoraModule>(), seed: 1);
        LoraAdapter y = Adapter(m, 32, 8, [LoraModule.Query, LoraModule.Key, LoraModule.Down], seed: 2);
        var random = new Random(3);
        int[] Tokens(int n) => [1, .. Enumerable.Range(0, n).Select(_ => random.Next(3, m.File.Tokenizer.Vocabulary.Count))];
        var sequences = new List<(LoraAdapter?, int[], int[])>
        {
            (x, Tokens(9), Tokens(5)), (null, Tokens(14), Tokens(5)), (y, Tokens(3), Tokens(5)), (x, Tokens(20), Tokens(5)), (null, Tokens(6), Tokens(5)),
        };

        float[][][] together = LoraRunnerHarness.Batched(m.Weights, models.Pool, sequences);

        for (int s = 0; s < sequences.Count; s++)
        {
            float[][] alone = LoraRunnerHarness.Batched(m.Weights, models.Pool, [sequences[s]])[0];
            for (int step = 0; step < alone.Length; step++)
                Assert.Equal(alone[step], together[s][step]);
        }
        Assert.NotEqual(together[0][0], LoraRunnerHarness.Batched(m.Weights, models.Pool, [(null, sequences[0].Item2, sequences[0].Item3)])[0][0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Engine_MixedAdapters_EachSequenceProducesWhatItProducesAlone(bool ngram)
    {
        LoadedModel m = models.Synthetic;
        LoraAdapter x = Adapter(m, 8, 16, Enum.GetValues<LoraModule>(), seed: 4);
        LoraAdapter y = Adapter(m, 32, 64, [LoraModule.Value, LoraModule.Gate, LoraModule.Up], seed: 5);
        var random = new Random(6);
        var submissions = new List<Submission>();
        for (int i = 0; i < 9; i++)
        {
            int[] prompt = [1, .. Enumerable.Range(0, random.Next(2, 40)).Select(_ => random.Next(3, m.File.Tokenizer.Vocabulary.Count))];
            var request = new GenerationRequest
            {
                PromptTokens = prompt,
                MaxTokens = random.Next(8, 30),
                IgnoreEndOfGeneration = true,
                Adapter = (i % 3) switch { 0 => x, 1 => y, _ => null },
                Speculation = ngram ? new SpeculativeOptions { Method = SpeculativeMethod.Ngram, MaxDraftTokens = 3, Adaptive = false } : null,
            };
            submissions.Add(new Submission(request, ArrivalStep: random.Next(0, 6)));
        }
        var options = new EngineOptions { KvCache = new() { BlockCount = 128, BlockTokens = 16 }, MaxBatchTokens = 64, PrefillChunkTokens = 16, MaxRunningSequences = 9 };

        Outcome[] alone = EngineDriver.RunAlone(() => models.Engine(m, options with { PrefixCaching = false }),
            submissions.Select(s => s with { Request = s.Request with { Speculation = null } }).ToList());
        using AugurEngine engine = models.Engine(m, options);
        Outcome[] together = EngineDriver.Run(engine, submissions);

        for (int i = 0; i < submissions.Count; i++)
            Assert.Equal(alone[i].Tokens, together[i].Tokens);
        // the adapters change what is generated
        Outcome[] baseOnly = EngineDriver.RunAlone(() => models.Engine(m, options), [submissions[0] with { Request = submissions[0].Request with { Adapter = null } }]);
        Assert.NotEqual(baseOnly[0].Tokens, alone[0].Tokens);
        Assert.Equal(0, engine.Statistics.KvBlocksUsed);
        if (ngram)
            Assert.True(engine.Statistics.DraftedTokens > 0);
    }

    [Fact]
    public void Engine_DraftModelWithoutAdapter_VerifiedWithIt_StaysLossless()
    {
        LoadedModel m = models.Synthetic;
        LoraAdapter x = Adapter(m, 8, 16, Enum.GetValues<LoraModule>(), seed: 7);
        var request = new GenerationRequest { PromptTokens = [1, 20, 30, 40, 50, 60], MaxTokens = 30, IgnoreEndOfGeneration = true, Adapter = x };
        var options = new EngineOptions { KvCache = new() { BlockCount = 64 }, MaxBatchTokens = 64 };

        using AugurEngine plain = models.Engine(m, options);
        Outcome expected = EngineDriver.Run(plain, [new Submission(request)])[0];
        // the draft is the base model itself, run without the adapter: it proposes the base model's tokens
        var speculating = new AugurEngine(m.Weights, models.Pool, m.File.Tokenizer,
            options with { Speculation = new SpeculativeOptions { Method = SpeculativeMethod.DraftModel, MaxDraftTokens = 4, Adaptive = false } },
            draftModel: new DraftModel(m.Weights, m.File.Tokenizer));
        using (speculating)
        {
            Outcome actual = EngineDriver.Run(speculating, [new Submission(request)])[0];
            Assert.Equal(expected.Tokens, actual.Tokens);
            EngineStatistics stats = speculating.Statistics;
            Assert.True(stats.DraftedTokens > 0);
            // drafts without the adapter are not all accepted (a draft with it would be: the same model, greedy)
            Assert.True(stats.AcceptedDraftTokens < stats.DraftedTokens, $"{stats.AcceptedDraftTokens} of {stats.DraftedTokens} accepted");
        }
    }

    [Fact]
    public void PrefixCache_SamePromptUnderAnotherAdapter_IsNotShared()
    {
        LoadedModel m = models.Stories260K;
        LoraAdapter x = Adapter(m, 4, 8, [LoraModule.Value], seed: 8);
        LoraAdapter y = Adapter(m, 4, 8, [LoraModule.Value], seed: 9);
        int[] prompt = [1, .. Enumerable.Range(0, 40).Select(i => 3 + i * 7 % 400)];
        using AugurEngine engine = models.Engine(m, new EngineOptions { KvCache = new() { BlockCount = 64, BlockTokens = 16 }, MaxBatchTokens = 64 });

        int Cached(LoraAdapter? adapter) => EngineDriver.Run(engine, [new Submission(new GenerationRequest { PromptTokens = prompt, MaxTokens = 2, Adapter = adapter })])[0].Completed.Usage.CachedPromptTokens;

        Assert.Equal(0, Cached(x));
        Assert.Equal(32, Cached(x));   // two full blocks, found again under x
        Assert.Equal(0, Cached(y));    // not under y
        Assert.Equal(0, Cached(null)); // nor without an adapter
        Assert.Equal(32, Cached(null));
    }

    [Fact]
    public void Submit_AdapterOfAnotherModel_IsRejected()
    {
        LoraAdapter other = Adapter(models.Stories260K, 2, 4, [LoraModule.Up], seed: 10);
        using AugurEngine engine = models.Engine(models.Synthetic, new EngineOptions { KvCache = new() { BlockCount = 16 } });
        var e = Assert.Throws<ArgumentException>(() => engine.Submit(new GenerationRequest { PromptTokens = [1, 2], Adapter = other }));
        Assert.Contains("does not fit", e.Message, StringComparison.Ordinal);
    }

    private LoraAdapter Adapter(LoadedModel m, int rank, double alpha, LoraModule[] modules, int seed)
    {
        var random = new RandomLoraAdapter(m.File.Config, rank, alpha, modules, seed);
        var (config, weights) = random.WriteTo(_directory.File($"adapter-{seed}"));
        return new LoraAdapter($"adapter-{seed}", LoraAdapterFile.Load(config, weights, m.File.Config, new LoraLimits()));
    }
}
