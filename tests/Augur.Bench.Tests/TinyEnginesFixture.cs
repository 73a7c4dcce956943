using Augur.Tests.Common;

namespace Augur.Bench.Tests;

/// <summary>
/// Both engines on the random-weight Llama 2 GGUF (dim 8, vocabulary 32000), loaded once per test class. One thread:
/// on a busy 2-core machine ggml's spinning workers make 2-thread runs far slower.
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
    };

    public TinyEnginesFixture()
    {
        string path = TestModels.Llama2TinyRandomGguf;
        Ours = AugurEngineUnderTest.Open(path, null, Options.Threads, Options.ContextTokens, Options.BatchTokens);
        Theirs = LlamaCppEngineUnderTest.Load(path, Options.Threads, Options.ContextTokens, Options.BatchTokens);
        Prompt = BenchmarkPrompt.Create(Ours.Vocabulary, Options.PromptTokens, Options.Seed);
    }

    public AugurEngineUnderTest Ours { get; }

    public LlamaCppEngineUnderTest Theirs { get; }

    public BenchmarkPrompt Prompt { get; }

    public void Dispose()
    {
        Ours.Dispose();
        Theirs.Dispose();
    }
}
