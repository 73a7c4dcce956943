using Augur.Tests.Common;

namespace Augur.Bench.Tests;

/// <summary>
/// Both engines on the random-weight Llama 2 GGUF (dim 8, vocabulary 32000), loaded once per test class, llama.cpp with
/// a batched context of <see cref="EndToEndBenchmarkOptions.BatchSequences"/> sequences. One thread: on a busy 2-core
/// machine ggml's spinning workers make 2-thread runs far slower.
/// </summary>
public sealed class TinyEnginesFixture : IDisposable
{
    public static readonly EndToEndBenchmarkOptions Options = new()
    {
        PromptTokens = 12,
        DecodeTokens = 6,
        Repeats = 3,
        WarmupRounds = 1,
        Threads = 1,
        BatchTokens = 8, // smaller than the prompt, so prefill runs in more than one batch
        BatchSequences = 3,
        BatchedPromptTokens = 5,
    };

    public TinyEnginesFixture()
    {
        string path = TestModels.Llama2TinyRandomGguf;
        Ours = AugurEngineUnderTest.Open(path, null, Options.Threads, Options.ContextTokens, Options.BatchTokens);
        Theirs = LlamaCppEngineUnderTest.Load(path, Options.Threads, Options.ContextTokens, Options.BatchTokens,
            Options.BatchSequences, Options.BatchedPositions);
        Prompt = BenchmarkPrompt.Create(Ours.Vocabulary, Options.PromptTokens, Options.Seed);
        BatchedPrompts = BenchmarkPrompt.CreateBatch(Ours.Vocabulary, Options.BatchSequences, Options.BatchedPromptTokens, Options.Seed);
    }

    public AugurEngineUnderTest Ours { get; }

    public LlamaCppEngineUnderTest Theirs { get; }

    public BenchmarkPrompt Prompt { get; }

    public IReadOnlyList<BenchmarkPrompt> BatchedPrompts { get; }

    /// <summary>The inputs of a run, with the model's cost and, if given, a roofline.</summary>
    public BenchmarkInputs Inputs(RooflineLimits? roofline = null) => new(Ours.Summary, Prompt, BatchedPrompts, Ours.Cost, roofline);

    public void Dispose()
    {
        Ours.Dispose();
        Theirs.Dispose();
    }
}
