namespace Augur.Bench.Tests;

/// <summary>A real engine wrapped so that every call it receives is appended to a shared log, e.g. <c>augur:prefill</c>.</summary>
internal sealed class RecordingEngine(IEngineUnderTest inner, List<string> log) : IEngineUnderTest
{
    public string Name => inner.Name;

    public string Description => inner.Description;

    public int KvCacheElementBytes => inner.KvCacheElementBytes;

    public bool SupportsBatchedDecode => inner.SupportsBatchedDecode;

    public TimeSpan Prefill(ReadOnlySpan<int> prompt)
    {
        log.Add($"{Name}:prefill");
        return inner.Prefill(prompt);
    }

    public TimeSpan Decode(int firstToken, int count)
    {
        log.Add($"{Name}:decode");
        return inner.Decode(firstToken, count);
    }

    public TimeSpan DecodeBatch(IReadOnlyList<BenchmarkPrompt> prompts, int steps)
    {
        log.Add($"{Name}:batched");
        return inner.DecodeBatch(prompts, steps);
    }

    // The fixture owns the inner engine.
    public void Dispose()
    {
    }
}
