using Augur.Tests.Common;

namespace Augur.Reference.LlamaCpp.Tests;

public sealed class LlamaCppReferenceTests(TinyRandomModelFixture fixture) : IClassFixture<TinyRandomModelFixture>
{
    // A seeded spread of ids over the whole 32000-token vocabulary, BOS first.
    private static readonly int[] Prompt = MakePrompt(24, seed: 1234);

    private readonly LlamaCppReference _llama = fixture.Reference;

    [Fact]
    public void Loads_with_the_Llama2_vocabulary()
    {
        Assert.Equal(32000, _llama.VocabSize);
        Assert.Equal(256, _llama.ContextSize);
        Assert.Contains("llama.cpp", LlamaCppReference.NativeLibrary, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_gives_the_Llama2_ids()
    {
        // Ids from the Llama 2 tokenizer (shared/models/README.md §3 and the llama2-spm tokenizer).
        int[] expected = [15043, 3186, 29991, 29871, 29896, 29906, 29941, 29946];

        Assert.Equal(expected, _llama.Tokenize("Hello world! 1234", addBos: false, parseSpecial: false));
        Assert.Equal([1, .. expected], _llama.Tokenize("Hello world! 1234", addBos: true, parseSpecial: false));
    }

    [Fact]
    public void Tokenize_parses_special_tokens_only_when_asked()
    {
        Assert.Equal([1], _llama.Tokenize("<s>", addBos: false, parseSpecial: true));
        Assert.NotEqual([1], _llama.Tokenize("<s>", addBos: false, parseSpecial: false));
    }

    [Fact]
    public void Logits_are_finite_vocab_sized_and_repeatable()
    {
        float[] first = _llama.Logits(Prompt);
        float[] second = _llama.Logits(Prompt);

        Assert.Equal(32000, first.Length);
        Assert.All(first, x => Assert.True(float.IsFinite(x)));
        Assert.True(first.Distinct().Count() > 1000, "logits should not be (nearly) constant");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Logits_depend_on_the_tokens()
    {
        int[] other = (int[])Prompt.Clone();
        other[^1] = (other[^1] + 1) % 32000;

        Assert.NotEqual(_llama.Logits(Prompt), _llama.Logits(other));
    }

    [Fact]
    public void AllLogits_last_row_equals_Logits()
    {
        float[][] rows = _llama.AllLogits(Prompt);

        Assert.Equal(Prompt.Length, rows.Length);
        Assert.All(rows, row => Assert.Equal(32000, row.Length));
        Assert.Equal(_llama.Logits(Prompt), rows[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(23)]
    public void Prefix_logits_equal_the_AllLogits_row(int prefixLength)
    {
        float[][] rows = _llama.AllLogits(Prompt);

        Assert.Equal(rows[prefixLength - 1], _llama.Logits(Prompt.AsSpan(0, prefixLength)));
    }

    [Fact]
    public void Inputs_longer_than_a_batch_match_one_batch()
    {
        int[] prompt = MakePrompt(40, seed: 99);
        using var small = LlamaCppReference.Load(
            TestModels.Llama2TinyRandomGguf, TinyRandomModelFixture.Options with { ContextSize = 64, BatchSize = 16 });

        float[][] chunked = small.AllLogits(prompt);
        float[][] whole = _llama.AllLogits(prompt);

        Assert.Equal(40, chunked.Length);
        for (int i = 0; i < prompt.Length; i++)
            Assert.Equal(whole[i], chunked[i]);
        Assert.Equal(whole[^1], small.Logits(prompt));
    }

    [Fact]
    public void Two_threads_give_the_same_logits_as_one()
    {
        int[] prompt = Prompt[..8];
        using var twoThreads = LlamaCppReference.Load(
            TestModels.Llama2TinyRandomGguf, TinyRandomModelFixture.Options with { Threads = 2 });

        Assert.Equal(_llama.Logits(prompt), twoThreads.Logits(prompt));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Attention_and_cache_options_keep_the_logits(bool flashAttention, bool kvCacheF32)
    {
        using var variant = LlamaCppReference.Load(
            TestModels.Llama2TinyRandomGguf,
            TinyRandomModelFixture.Options with { FlashAttention = flashAttention, KvCacheF32 = kvCacheF32 });

        float[] expected = _llama.Logits(Prompt);
        float[] actual = variant.Logits(Prompt);

        // Same model, different kernels and cache precision: equal up to rounding.
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-4f);
    }

    [Fact]
    public void Load_rejects_a_missing_file_and_bad_options()
    {
        Assert.Throws<FileNotFoundException>(() => LlamaCppReference.Load("/nonexistent/model.gguf", LlamaCppOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => LlamaCppReference.Load(TestModels.Llama2TinyRandomGguf, LlamaCppOptions.Default with { Threads = 0 }));
    }

    [Fact]
    public void Greedy_is_deterministic_and_starts_with_the_argmax()
    {
        int[] first = _llama.Greedy(Prompt, 16);
        int[] second = _llama.Greedy(Prompt, 16);
        float[] logits = _llama.Logits(Prompt);

        Assert.Equal(16, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(IndexOfMax(logits), first[0]);
    }

    [Fact]
    public void Greedy_steps_follow_the_argmax_of_the_extended_sequence()
    {
        int[] generated = _llama.Greedy(Prompt, 4);

        for (int step = 1; step < generated.Length; step++)
        {
            int[] sequence = [.. Prompt, .. generated[..step]];
            Assert.Equal(IndexOfMax(_llama.Logits(sequence)), generated[step]);
        }
    }

    [Fact]
    public void Greedy_of_zero_tokens_is_empty()
    {
        Assert.Empty(_llama.Greedy(Prompt, 0));
    }

    [Fact]
    public void Prefill_and_Decode_take_time_and_fill_the_cache_until_cleared()
    {
        TimeSpan prefill = _llama.Prefill(Prompt);
        Assert.Equal(Prompt.Length, _llama.CachedTokens);

        TimeSpan decode = _llama.Decode(Prompt[^1], 8);
        Assert.Equal(Prompt.Length + 8, _llama.CachedTokens);

        _llama.ClearCache();
        Assert.Equal(0, _llama.CachedTokens);
        Assert.True(prefill > TimeSpan.Zero);
        Assert.True(decode > TimeSpan.Zero);

        // A cleared cache starts again at position 0: the logits equal a fresh evaluation.
        Assert.Equal(_llama.Logits(Prompt), _llama.Logits(Prompt));
    }

    [Fact]
    public void Evaluating_past_the_context_throws()
    {
        int[] tooLong = MakePrompt(_llama.ContextSize + 1, seed: 5);

        Assert.Throws<InvalidOperationException>(() => _llama.Logits(tooLong));
    }

    [Fact]
    public void Out_of_range_tokens_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _llama.Logits([1, 32000]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _llama.Logits([-1]));
    }

    private static int[] MakePrompt(int length, int seed)
    {
        var random = new Random(seed);
        var tokens = new int[length];
        tokens[0] = 1;
        for (int i = 1; i < length; i++)
            tokens[i] = random.Next(3, 32000);
        return tokens;
    }

    private static int IndexOfMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }

        return best;
    }
}
