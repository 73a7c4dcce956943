namespace Augur.Bench;

/// <summary>
/// One inference engine as <see cref="EndToEndBenchmark"/> drives it: a single sequence at batch 1 and, where the engine
/// can, several sequences decoding together. The engine times itself around the work only (resetting the cache is not
/// timed).
/// </summary>
public interface IEngineUnderTest : IDisposable
{
    /// <summary>Short name for tables and JSON, e.g. <c>augur</c> or <c>llama.cpp</c>.</summary>
    string Name { get; }

    /// <summary>What exactly runs: version, build, cache type, batch size.</summary>
    string Description { get; }

    /// <summary>Bytes per cached key or value element (4 for an F32 cache, 2 for F16): part of a decode step's memory traffic.</summary>
    int KvCacheElementBytes { get; }

    /// <summary>
    /// Whether <see cref="DecodeBatch"/> runs. An engine without multi-sequence decoding says false, and the report
    /// says "not supported" for it rather than any figure.
    /// </summary>
    bool SupportsBatchedDecode { get; }

    /// <summary>
    /// Empties the cache, then evaluates <paramref name="prompt"/> at positions 0… as a prompt (batched), and returns
    /// the wall-clock time of the evaluation.
    /// </summary>
    TimeSpan Prefill(ReadOnlySpan<int> prompt);

    /// <summary>
    /// Evaluates <paramref name="count"/> tokens one at a time after the cached prompt: first
    /// <paramref name="firstToken"/>, then each time the argmax of the previous step's logits (greedy decoding, logits
    /// read back). Returns the wall-clock time of all <paramref name="count"/> steps.
    /// </summary>
    TimeSpan Decode(int firstToken, int count);

    /// <summary>
    /// Several sequences decoding together: empties the cache, evaluates each of <paramref name="prompts"/> as its own
    /// sequence (not timed), then runs <paramref name="steps"/> decode steps, each evaluating one token of every
    /// sequence in a single batch: first each prompt's <see cref="BenchmarkPrompt.FirstDecodeToken"/>, then each
    /// sequence's argmax. Returns the wall-clock time of the steps; they decode <paramref name="steps"/> ×
    /// <c>prompts.Count</c> tokens.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="SupportsBatchedDecode"/> is false.</exception>
    TimeSpan DecodeBatch(IReadOnlyList<BenchmarkPrompt> prompts, int steps);
}
