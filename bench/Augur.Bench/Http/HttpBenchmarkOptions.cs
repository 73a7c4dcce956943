namespace Augur.Bench.Http;

/// <summary>What <see cref="HttpBenchmark"/> measures, and how much of it.</summary>
public sealed record HttpBenchmarkOptions
{
    /// <summary>Threads of the engine.</summary>
    public int Threads { get; init; }

    /// <summary>Tokens each overhead request generates (greedy, raw prompt). Default 128.</summary>
    public int DecodeTokens { get; init; } = 128;

    /// <summary>Overhead rounds, each one request to the engine alone and one through HTTP; medians. Default 5.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Concurrent streaming clients of the load test. Default 1, 8, 32.</summary>
    public IReadOnlyList<int> Clients { get; init; } = [1, 8, 32];

    /// <summary>Requests each client makes, one after another, per load level. Default 3.</summary>
    public int RequestsPerClient { get; init; } = 3;

    /// <summary>Tokens each load request generates. Default 32.</summary>
    public int LoadTokens { get; init; } = 32;

    /// <summary>The prompt, sent raw. Default a story opening.</summary>
    public string Prompt { get; init; } = "Once upon a time, there was a little girl who loved to walk in the forest with her dog.";

    /// <summary>Bytes of KV cache the server gives the model. Default 512 MiB.</summary>
    public long KvCacheBytes { get; init; } = 512L << 20;
}
