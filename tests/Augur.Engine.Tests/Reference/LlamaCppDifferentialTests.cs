using Augur.Models;
using Augur.Models.Tokenizers;
using Augur.Reference.LlamaCpp;
using Xunit.Abstractions;

namespace Augur.Engine.Reference.Tests;

/// <summary>
/// Augur against llama.cpp on random-weight models in every weight type (see <see cref="DifferentialCase"/>): both
/// engines read the same GGUF file, so any difference beyond <see cref="DifferentialTolerances"/> is a bug in one of them.
/// </summary>
public sealed class LlamaCppDifferentialTests(SyntheticModelFixture models, ITestOutputHelper output) : IClassFixture<SyntheticModelFixture>
{
    private const string PromptText = "Once upon a time, there was a little girl named Lily. She liked to play in the park with her dog.";
    private const int PromptTokens = 16;
    private const int GreedyTokens = 64;
    private const int ContextLength = 128;

    // One thread (ggml's workers spin on a busy machine). F32 KV cache and no flash attention: see DifferentialTolerances.
    private static readonly LlamaCppOptions Options = LlamaCppOptions.Default with
    {
        Threads = 1,
        ContextSize = ContextLength,
        BatchSize = 128,
        KvCacheF32 = true,
        FlashAttention = false,
    };

    public static TheoryData<string> Cases => DifferentialCase.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void LastLogits_MatchLlamaCpp(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        string path = models.PathOf(testCase);
        using var llama = LlamaCppReference.Load(path, Options);
        using var augur = new AugurRunner(path, ContextLength);
        int[] prompt = Prompt(llama);

        float[] expected = llama.Logits(prompt);
        float[] actual = augur.Logits(prompt);

        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
        float diff = LogitStats.MaxAbsDiff(expected, actual), tolerance = DifferentialTolerances.MaxLogitDiff(testCase.Type);
        int[] top5Expected = LogitStats.TopK(expected, 5), top5Actual = LogitStats.TopK(actual, 5);
        int shared = top5Expected.Intersect(top5Actual).Count();
        output.WriteLine($"{name}: max |Δlogit| {diff:G3} (tolerance {tolerance}, logit std {LogitStats.Std(expected):F2}), top-5 shared {shared}");

        Assert.True(diff <= tolerance, $"{name}: max |Δlogit| {diff} > {tolerance}");
        Assert.True(DifferentialTolerances.SameOrNearTie(expected, top5Expected[0], top5Actual[0], testCase.Type),
            $"{name}: top-1 {top5Actual[0]}, llama.cpp's {top5Expected[0]}");
        Assert.True(shared >= DifferentialTolerances.MinTop5Shared,
            $"{name}: top-5 [{string.Join(", ", top5Actual)}], llama.cpp's [{string.Join(", ", top5Expected)}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy64_MatchesLlamaCpp(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        string path = models.PathOf(testCase);
        using var llama = LlamaCppReference.Load(path, Options);
        using var augur = new AugurRunner(path, ContextLength);
        int[] prompt = Prompt(llama);

        int[] expected = llama.Greedy(prompt, GreedyTokens);
        int[] actual = augur.Greedy(prompt, GreedyTokens);

        int common = LogitStats.CommonPrefix(expected, actual);
        output.WriteLine($"{name}: identical for {common} of {GreedyTokens} tokens ({expected.Distinct().Count()} distinct)");
        if (common == GreedyTokens)
            return;

        // Diverged: only a near tie in llama.cpp's own logits at that step is acceptable (see DifferentialTolerances).
        float[] atDivergence = llama.Logits([.. prompt, .. expected[..common]]);
        float margin = atDivergence[expected[common]] - atDivergence[actual[common]];
        output.WriteLine($"  llama.cpp {string.Join(" ", expected)}\n  augur     {string.Join(" ", actual)}\n  margin at {common}: {margin}");
        Assert.True(DifferentialTolerances.SameOrNearTie(atDivergence, expected[common], actual[common], testCase.Type),
            $"{name}: token {common} is {actual[common]}, llama.cpp's {expected[common]}, which llama.cpp prefers by {margin}");
    }

    /// <summary>
    /// Augur's one-token decode path at every position of the prompt and of llama.cpp's greedy continuation (80 tokens,
    /// so RoPE and the KV cache are exercised well past the prompt) against llama.cpp's logits for the same tokens.
    /// Unlike free-running greedy decoding, one near tie cannot send the two sequences apart.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodeLogits_TeacherForcedOnLlamaCppGreedy_MatchAtEveryPosition(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        string path = models.PathOf(testCase);
        using var llama = LlamaCppReference.Load(path, Options);
        using var augur = new AugurRunner(path, ContextLength);
        int[] prompt = Prompt(llama);
        int[] tokens = [.. prompt, .. llama.Greedy(prompt, GreedyTokens)];

        float[][] expected = llama.AllLogits(tokens);
        float[][] actual = augur.ForwardEach(tokens);

        float tolerance = DifferentialTolerances.MaxLogitDiff(testCase.Type), worst = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            float diff = LogitStats.MaxAbsDiff(expected[i], actual[i]);
            worst = Math.Max(worst, diff);
            Assert.True(diff <= tolerance, $"{name}: position {i}: max |Δlogit| {diff} > {tolerance}");
            int expectedTop = LogitStats.ArgMax(expected[i]), actualTop = LogitStats.ArgMax(actual[i]);
            Assert.True(DifferentialTolerances.SameOrNearTie(expected[i], expectedTop, actualTop, testCase.Type),
                $"{name}: position {i}: argmax {actualTop}, llama.cpp's {expectedTop}");
        }
        output.WriteLine($"{name}: max |Δlogit| over {tokens.Length} positions {worst:G3} (tolerance {tolerance})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SyntheticModel_OpensInBothEngines_WithTheSameShapeAndTokens(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        string path = models.PathOf(testCase);
        using var llama = LlamaCppReference.Load(path, Options);
        using var file = ModelFile.Open(path);

        ModelConfig c = file.Config;
        Assert.Equal(testCase.Shape.VocabSize, llama.VocabSize);
        Assert.Equal(testCase.Shape.VocabSize, c.VocabSize);
        Assert.Equal(testCase.Shape.Architecture, c.Architecture);
        Assert.Equal(
            (testCase.Shape.Dim, testCase.Shape.Layers, testCase.Shape.Heads, testCase.Shape.KvHeads, testCase.Shape.FeedForward),
            (c.EmbeddingLength, c.BlockCount, c.HeadCount, c.HeadCountKv, c.FeedForwardLength));
        Assert.Equal(testCase.Shape.RopeTheta, c.RopeFreqBase);
        Assert.Equal(
            llama.Tokenize(PromptText, addBos: true, parseSpecial: false),
            SentencePieceBpeTokenizer.Create(file.Vocabulary).Encode(PromptText));
    }

    /// <summary>The first <see cref="PromptTokens"/> tokens of the prompt text in the model's vocabulary, BOS first.</summary>
    private static int[] Prompt(LlamaCppReference llama)
    {
        int[] ids = llama.Tokenize(PromptText, addBos: true, parseSpecial: false);
        Assert.True(ids.Length >= PromptTokens);
        return ids[..PromptTokens];
    }
}
