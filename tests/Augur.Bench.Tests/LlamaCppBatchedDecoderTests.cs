using Augur.Reference.LlamaCpp;
using Augur.Tests.Common;

namespace Augur.Bench.Tests;

public class LlamaCppBatchedDecoderTests(TinyEnginesFixture fixture) : IClassFixture<TinyEnginesFixture>
{
    private static readonly int Steps = TinyEnginesFixture.Options.DecodeTokens;

    [Fact]
    public void Batched_decode_takes_time_and_generates_a_token_per_sequence_and_step()
    {
        LlamaCppEngineUnderTest theirs = fixture.Theirs;
        Assert.True(theirs.SupportsBatchedDecode);

        TimeSpan elapsed = theirs.DecodeBatch(fixture.BatchedPrompts, Steps);

        Assert.True(elapsed > TimeSpan.Zero);
        int[][] generated = theirs.Batched!.LastGenerated;
        Assert.Equal(fixture.BatchedPrompts.Count, generated.Length);
        Assert.All(generated, g => Assert.Equal(Steps, g.Length));
        Assert.All(generated.SelectMany(g => g), t => Assert.InRange(t, 0, theirs.VocabSize - 1));
    }

    [Fact]
    public void Each_sequence_continues_as_it_would_alone()
    {
        // The same model alone, one sequence at a time: prompt, then the first decode token, then greedy.
        fixture.Theirs.DecodeBatch(fixture.BatchedPrompts, Steps);
        int[][] batched = fixture.Theirs.Batched!.LastGenerated;
        using var alone = LlamaCppReference.Load(TestModels.Llama2TinyRandomGguf, new LlamaCppOptions { Threads = 1, ContextSize = 64, BatchSize = 8 });

        for (int s = 0; s < fixture.BatchedPrompts.Count; s++)
        {
            BenchmarkPrompt prompt = fixture.BatchedPrompts[s];
            int[] expected = alone.Greedy([.. prompt.Tokens, prompt.FirstDecodeToken], Steps);
            Assert.Equal(expected, batched[s]);
        }
    }

    [Fact]
    public void Repeated_runs_start_from_an_empty_cache()
    {
        // Each sequence has exactly prompt + steps positions: without the reset a second run would not fit.
        for (int i = 0; i < 3; i++)
            Assert.True(fixture.Theirs.DecodeBatch(fixture.BatchedPrompts, Steps) > TimeSpan.Zero);
    }

    [Fact]
    public void Too_many_prompts_or_steps_are_refused()
    {
        IReadOnlyList<BenchmarkPrompt> four = [.. fixture.BatchedPrompts, fixture.Prompt];

        Assert.Throws<ArgumentException>(() => fixture.Theirs.DecodeBatch(four, Steps));
        Assert.Throws<ArgumentException>(() => fixture.Theirs.DecodeBatch(fixture.BatchedPrompts, Steps + 1));
        Assert.Throws<ArgumentException>(() => fixture.Theirs.DecodeBatch([], Steps));
    }

    [Fact]
    public void Llamacpp_loaded_without_sequences_cannot_either()
    {
        using var plain = LlamaCppEngineUnderTest.Load(TestModels.Llama2TinyRandomGguf, 1, 32, 8);

        Assert.False(plain.SupportsBatchedDecode);
        Assert.Throws<NotSupportedException>(() => plain.DecodeBatch(fixture.BatchedPrompts, Steps));
    }
}
