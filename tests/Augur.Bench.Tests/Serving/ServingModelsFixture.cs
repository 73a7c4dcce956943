using Augur.Tests.Common;

namespace Augur.Bench.Serving.Tests;

/// <summary>
/// The models the serving benchmark tests serve, loaded once per test class on one thread: stories260K (a llama2.c
/// checkpoint, context 512) and the random-weight Llama 2 GGUF (dim 8, vocabulary 32000), which llama.cpp reads too.
/// </summary>
public sealed class ServingModelsFixture : IDisposable
{
    public ServingModel Stories260K { get; } = ServingModel.Open(TestModels.Stories260KBin, TestModels.Tok512Bin, threads: 1);

    public ServingModel TinyGguf { get; } = ServingModel.Open(TestModels.Llama2TinyRandomGguf, null, threads: 1);

    /// <summary>Small counts for every report: each runs in well under a few seconds on these models.</summary>
    public static ServingBenchmarkOptions Options { get; } = new()
    {
        Threads = 1,
        KvBudgetBytes = 8L << 20,
        MaxBatchTokens = 64,
        PrefillChunkTokens = 64,
        MaxRunningSequences = 4,
        PrefixTokens = 448,
        SuffixTokens = 16,
        PrefixRounds = 3,
        WarmupRounds = 1,
        ConcurrencyLevels = [1, 3],
        ConcurrencyPromptTokens = 5,
        DecodeTokens = 6,
        InteractiveRequests = 6,
        InteractiveInterval = TimeSpan.FromMilliseconds(5),
        InteractivePromptTokens = 12,
        InteractiveMaxTokens = 3,
        BatchClients = 6,
        BatchPromptTokens = 20,
        BatchMaxTokens = 12,
        Conversations = 3,
        Turns = 4,
        UserTokens = 20,
        AnswerTokens = 6,
    };

    public void Dispose()
    {
        Stories260K.Dispose();
        TinyGguf.Dispose();
    }
}
