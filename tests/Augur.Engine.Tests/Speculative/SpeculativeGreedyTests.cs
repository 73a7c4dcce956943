using Augur.Engine.Requests;
using Augur.Engine.Tests;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Speculative.Tests;

public sealed class SpeculativeGreedyTests(SpeculativeModels models) : IClassFixture<SpeculativeModels>
{
    private static readonly EngineOptions Options = new()
    {
        KvCache = new() { BlockCount = 256 },
        MaxBatchTokens = 96,
        PrefillChunkTokens = 32,
        DraftKvCache = new() { BlockCount = 256 },
    };

    [Theory]
    [InlineData("stories260K", "llama2xs", 4)]
    [InlineData("stories260K", "stories260K-q8_0", 4)]
    [InlineData("stories260K", "stories260K-q4_0", 6)]
    [InlineData("stories260K", null, 5)] // n-gram prompt lookup
    [InlineData("synthetic", "synthetic-q4_0", 4)]
    [InlineData("synthetic", null, 3)]
    public void GreedyOutputs_AreIdentical_WithAndWithoutSpeculation(string target, string? draft, int draftTokens)
    {
        var speculation = new SpeculativeOptions
        {
            Method = draft is null ? SpeculativeMethod.Ngram : SpeculativeMethod.DraftModel,
            MaxDraftTokens = draftTokens,
            Adaptive = false,
        };
        ITokenizer tokenizer = models.Models[target].File.Tokenizer;
        string[] prompts = ["Once upon a time", "Lily and Ben went to the park. Lily and Ben", "The cat sat on the mat. The dog", "Tom had a red ball"];
        Submission[] submissions = prompts
            .Select((p, i) => new Submission(
                new GenerationRequest { PromptTokens = tokenizer.Encode(p, new EncodeSettings { AddBos = true }), MaxTokens = 40 + 17 * i, IgnoreEndOfGeneration = true },
                ArrivalStep: 3 * i))
            .ToArray();

        using AugurEngine plain = models.Engine(target, Options);
        Outcome[] expected = EngineDriver.Run(plain, submissions);
        using AugurEngine speculative = models.Engine(target, Options with { Speculation = speculation }, draft);
        Outcome[] actual = EngineDriver.Run(speculative, submissions);

        for (int i = 0; i < submissions.Length; i++)
        {
            Assert.Equal(expected[i].Tokens, actual[i].Tokens);
            Assert.Equal(expected[i].Text, actual[i].Text);
        }
        EngineStatistics stats = speculative.Statistics;
        Assert.True(stats.DraftRounds > 0 && stats.AcceptedDraftTokens > 0, $"{stats.DraftedTokens} drafted, {stats.AcceptedDraftTokens} accepted");
        Assert.True(stats.Steps < plain.Statistics.Steps, $"{stats.Steps} steps speculating against {plain.Statistics.Steps}");
        Assert.Equal(0, stats.KvBlocksUsed);
    }

    [Fact]
    public void ADraftWithAnotherVocabulary_IsRefusedAtLoad_NamingTheDifference()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => models.Engine("stories260K", Options, draft: "other-vocabulary"));
        Assert.Contains("vocabulary is not the target's: the target has 512 tokens, the draft 32000", error.Message);
    }
}
