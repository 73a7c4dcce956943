using Augur.Reference.LlamaCpp;
using Xunit.Abstractions;

namespace Augur.Engine.Reference.Tests;

/// <summary>
/// Augur against llama.cpp on random-weight models in every weight type: both engines read the same GGUF file, so the
/// weights are bit-identical and any difference comes from activation rounding and summation order.
/// </summary>
public sealed class LlamaCppDifferentialTests(SyntheticModelFixture models, ITestOutputHelper output) : IClassFixture<SyntheticModelFixture>
{
    private const string PromptText = "Once upon a time, there was a little girl named Lily. She liked to play in the park with her dog.";
    private const int PromptTokens = 16;
    private const int GreedyTokens = 64;
    private const int ContextLength = 128;

    // One thread (ggml's workers spin on a busy machine); an F32 KV cache like Augur's.
    private static readonly LlamaCppOptions Options = LlamaCppOptions.Default with
    {
        Threads = 1, ContextSize = ContextLength, BatchSize = 64, KvCacheF32 = true, FlashAttention = false,
    };

    public static TheoryData<string> Cases => DifferentialCase.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void LastLogits_MatchLlamaCpp(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        string path = models.PathOf(testCase);
        using var llama = LlamaCppReference.Load(path, Options);
        using var augur = new AugurRunner(path, testCase, ContextLength);
        int[] prompt = Prompt(llama);

        float[] expected = llama.Logits(prompt);
        float[] actual = augur.Logits(prompt);

        float diff = LogitStats.MaxAbsDiff(expected, actual);
        int[] top5Expected = LogitStats.TopK(expected, 5), top5Actual = LogitStats.TopK(actual, 5);
        int top5Shared = top5Expected.Intersect(top5Actual).Count();
        output.WriteLine($"{name}: max |Δ| {diff:G4} (logit std {LogitStats.Std(expected):F2}), top-5 shared {top5Shared}, " +
            $"top-2 gap {Gap(expected):F3}");

        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
        Assert.True(diff <= DifferentialTolerances.MaxLogitDiff(testCase.Type),
            $"{name}: max |Δlogit| {diff} > {DifferentialTolerances.MaxLogitDiff(testCase.Type)}");
        Assert.Equal(top5Expected[0], top5Actual[0]);
        Assert.True(top5Shared >= DifferentialTolerances.MinTop5Shared, $"{name}: top-5 {string.Join(",", top5Expected)} vs {string.Join(",", top5Actual)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_MatchesLlamaCpp(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        string path = models.PathOf(testCase);
        using var llama = LlamaCppReference.Load(path, Options);
        using var augur = new AugurRunner(path, testCase, ContextLength);
        int[] prompt = Prompt(llama);

        int[] expected = llama.Greedy(prompt, GreedyTokens);
        int[] actual = augur.Greedy(prompt, GreedyTokens);

        int common = LogitStats.CommonPrefix(expected, actual);
        int agree = expected.Zip(actual).Count(p => p.First == p.Second);
        output.WriteLine($"{name}: common prefix {common}/{GreedyTokens}, agree {agree}, distinct {expected.Distinct().Count()}");
        output.WriteLine($"  llama.cpp {string.Join(" ", expected)}");
        output.WriteLine($"  augur     {string.Join(" ", actual)}");

        Assert.True(common >= DifferentialTolerances.MinGreedyPrefix(testCase.Type, GreedyTokens),
            $"{name}: continuations diverge at token {common}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SyntheticModel_LoadsInLlamaCpp_WithItsVocabulary(string name)
    {
        DifferentialCase testCase = DifferentialCase.All[name];
        using var llama = LlamaCppReference.Load(models.PathOf(testCase), Options);

        Assert.Equal(testCase.Shape.VocabSize, llama.VocabSize);
        Assert.Equal([1], llama.Tokenize("", addBos: true, parseSpecial: false));
    }

    /// <summary>The first <see cref="PromptTokens"/> tokens of the prompt text in the model's vocabulary, BOS first.</summary>
    private static int[] Prompt(LlamaCppReference llama)
    {
        int[] ids = llama.Tokenize(PromptText, addBos: true, parseSpecial: false);
        Assert.True(ids.Length >= PromptTokens);
        return ids[..PromptTokens];
    }

    private static float Gap(float[] logits)
    {
        int[] top = LogitStats.TopK(logits, 2);
        return logits[top[0]] - logits[top[1]];
    }
}
