namespace Augur.Bench;

/// <summary>
/// One inference engine as <see cref="EndToEndBenchmark"/> drives it: a single sequence at batch 1, timed by the
/// engine itself around the work only (resetting the cache is not timed).
/// </summary>
public interface IEngineUnderTest : IDisposable
{
    /// <summary>Short name for tables and JSON, e.g. <c>augur</c> or <c>llama.cpp</c>.</summary>
    string Name { get; }

    /// <summary>What exactly runs: version, build, cache type, batch size.</summary>
    string Description { get; }

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
}
