namespace Augur.Bench.Batch;

/// <summary>What <see cref="BatchBenchmark"/> measures, and how much of it.</summary>
public sealed record BatchBenchmarkOptions
{
    /// <summary>Threads of the engine.</summary>
    public int Threads { get; init; }

    /// <summary>Requests of the workload, each run as a batch item, one at a time, and all at once. Default 64.</summary>
    public int Items { get; init; } = 64;

    /// <summary>Tokens each workload request asks for (greedy, raw prompt). Default 32.</summary>
    public int OutputTokens { get; init; } = 32;

    /// <summary>Sequential streamed interactive requests timed for time to first token, without and then with a batch running. Default 20.</summary>
    public int Interactive { get; init; } = 20;

    /// <summary>Tokens each of those interactive requests asks for. Default 16.</summary>
    public int InteractiveTokens { get; init; } = 16;

    /// <summary>Items of the background batch that runs during the second TTFT series. Default 4 × <see cref="Items"/>.</summary>
    public int? BackgroundItems { get; init; }

    /// <summary>The prompt each request starts with (sent raw); the requests differ by a numbered lead-in. Default a story opening.</summary>
    public string Prompt { get; init; } = "Once upon a time, there was a little girl who loved to walk in the forest with her dog.";

    /// <summary>Bytes of KV cache the server gives the model. Default 512 MiB.</summary>
    public long KvCacheBytes { get; init; } = 512L << 20;
}
