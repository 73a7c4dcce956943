using Augur.Tests.Common;

namespace Augur.Bench.Tests;

public class AugurEngineUnderTestTests(TinyEnginesFixture fixture) : IClassFixture<TinyEnginesFixture>
{
    [Fact]
    public void Summary_describes_the_file()
    {
        ModelSummary summary = fixture.Ours.Summary;

        Assert.Equal(TestModels.Llama2TinyRandomGguf, summary.Path);
        Assert.Equal(new FileInfo(TestModels.Llama2TinyRandomGguf).Length, summary.FileBytes);
        Assert.Equal("llama", summary.Architecture);
        Assert.Contains("vocab 32000", summary.Shape, StringComparison.Ordinal);
        Assert.Contains(summary.WeightType, new[] { "F32", "F16" });
    }

    [Fact]
    public void Prefill_and_decode_can_repeat_because_prefill_starts_from_an_empty_cache()
    {
        BenchmarkPrompt prompt = fixture.Prompt;
        int room = TinyEnginesFixture.Options.DecodeTokens;

        // Without the reset a second prefill+decode would run past the cache of prompt + decode positions.
        for (int i = 0; i < 3; i++)
        {
            Assert.True(fixture.Ours.Prefill(prompt.Tokens) > TimeSpan.Zero);
            Assert.True(fixture.Ours.Decode(prompt.FirstDecodeToken, room) > TimeSpan.Zero);
        }
    }

    [Fact]
    public void Decoding_past_the_cache_fails()
    {
        fixture.Ours.Prefill(fixture.Prompt.Tokens);

        Assert.ThrowsAny<ArgumentException>(() => fixture.Ours.Decode(fixture.Prompt.FirstDecodeToken, TinyEnginesFixture.Options.DecodeTokens + 1));
    }

    [Fact]
    public void Description_names_threads_batch_and_cache()
    {
        Assert.Contains("1 threads", fixture.Ours.Description, StringComparison.Ordinal);
        Assert.Contains("batch 8", fixture.Ours.Description, StringComparison.Ordinal);
        Assert.Contains("F32 KV cache of 18 positions", fixture.Ours.Description, StringComparison.Ordinal);
        Assert.Equal(4, fixture.Ours.KvCacheElementBytes);
        Assert.Contains("llama.cpp", fixture.Theirs.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Batched_decode_gives_each_sequence_the_greedy_tokens_it_gets_alone()
    {
        int steps = TinyEnginesFixture.Options.DecodeTokens;
        Assert.True(fixture.Ours.SupportsBatchedDecode);

        Assert.True(fixture.Ours.DecodeBatch(fixture.BatchedPrompts, steps) > TimeSpan.Zero);
        int[][] batched = fixture.Ours.BatchedDecoder.LastGenerated;

        Assert.Equal(fixture.BatchedPrompts.Count, batched.Length);
        for (int s = 0; s < batched.Length; s++)
        {
            BenchmarkPrompt prompt = fixture.BatchedPrompts[s];
            fixture.Ours.Prefill(prompt.Tokens);
            fixture.Ours.Decode(prompt.FirstDecodeToken, steps);
            Assert.Equal(fixture.Ours.LastDecoded, batched[s]);
        }
    }

    [Fact]
    public void Batched_decode_repeats_from_empty_sequences_and_grows_its_cache_when_needed()
    {
        int steps = TinyEnginesFixture.Options.DecodeTokens;
        fixture.Ours.DecodeBatch(fixture.BatchedPrompts, steps);
        int[][] first = fixture.Ours.BatchedDecoder.LastGenerated;

        for (int i = 0; i < 2; i++)
        {
            fixture.Ours.DecodeBatch(fixture.BatchedPrompts, steps);
            Assert.Equal(first, fixture.Ours.BatchedDecoder.LastGenerated);
        }
        Assert.Equal(fixture.Ours.BatchedDecoder.Cache!.BlockCount, fixture.Ours.BatchedDecoder.Cache.FreeBlocks + fixture.BatchedPrompts.Count);

        // More sequences and more steps than before: a larger cache, and the first sequences continue as they did.
        IReadOnlyList<BenchmarkPrompt> more = [.. fixture.BatchedPrompts, fixture.Prompt];
        fixture.Ours.DecodeBatch(more, 40);
        int[][] longer = fixture.Ours.BatchedDecoder.LastGenerated;
        Assert.Equal(more.Count, longer.Length);
        for (int s = 0; s < first.Length; s++)
            Assert.Equal(first[s], longer[s][..steps]);
    }
}
