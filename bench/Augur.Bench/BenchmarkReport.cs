namespace Augur.Bench;

/// <summary>Everything one run of <see cref="EndToEndBenchmark"/> found, with what is needed to reproduce it.</summary>
/// <param name="Model">The model benchmarked.</param>
/// <param name="Machine">Where and when it ran, with the load around it.</param>
/// <param name="PromptTokens">Tokens per prefill.</param>
/// <param name="DecodeTokens">Tokens per decode (batch 1), and steps of the batched test.</param>
/// <param name="BatchSequences">Sequences of the batched test; 0 when it was off.</param>
/// <param name="BatchedPromptTokens">Tokens of each batched sequence's prompt.</param>
/// <param name="Threads">Threads every engine used.</param>
/// <param name="BatchTokens">Prompt tokens per batched evaluation, for every engine.</param>
/// <param name="Repeats">Measured rounds.</param>
/// <param name="WarmupRounds">Rounds run first and discarded.</param>
/// <param name="Seed">Seed of the prompts.</param>
/// <param name="Roofline">The machine's ceilings, measured before the first round; null when the probe was skipped.</param>
/// <param name="Cost">What a token costs the model; null where unknown.</param>
/// <param name="Engines">One result per engine, ours first, in the order each round ran them.</param>
/// <param name="Ratio">Our medians over llama.cpp's; null when only one engine ran.</param>
public sealed record BenchmarkReport(
    ModelSummary Model,
    MachineSummary Machine,
    int PromptTokens,
    int DecodeTokens,
    int BatchSequences,
    int BatchedPromptTokens,
    int Threads,
    int BatchTokens,
    int Repeats,
    int WarmupRounds,
    int Seed,
    RooflineLimits? Roofline,
    ModelCost? Cost,
    IReadOnlyList<EngineResult> Engines,
    SpeedRatio? Ratio);

/// <summary>The model file: its path, size and shape.</summary>
/// <param name="Path">The file as given.</param>
/// <param name="FileBytes">Its size on disk.</param>
/// <param name="Architecture">GGUF <c>general.architecture</c>, e.g. <c>llama</c>.</param>
/// <param name="WeightType">The storage type of most weight elements, e.g. <c>Q4_K</c>.</param>
/// <param name="Shape">Embedding width, layers, heads, KV heads, feed-forward width and vocabulary, in words.</param>
public sealed record ModelSummary(string Path, long FileBytes, string Architecture, string WeightType, string Shape);

/// <summary>The machine a run used.</summary>
/// <param name="Cpu">The processor model, from <c>/proc/cpuinfo</c> where there is one.</param>
/// <param name="LogicalCores">Logical processors the process may use.</param>
/// <param name="Os">The operating system.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Started">When the first round began.</param>
/// <param name="LoadBefore">1/5/15-minute load averages before the first round; null off Linux.</param>
/// <param name="LoadAfter">The same after the last round.</param>
public sealed record MachineSummary(
    string Cpu, int LogicalCores, string Os, string Runtime, DateTimeOffset Started, string? LoadBefore, string? LoadAfter);

/// <summary>One engine's rates over the measured rounds.</summary>
/// <param name="Name">The engine's short name.</param>
/// <param name="Description">What ran, in words.</param>
/// <param name="KvCacheElementBytes">Bytes per cached key or value element.</param>
/// <param name="Prefill">Prompt tokens per second.</param>
/// <param name="Decode">Generated tokens per second at batch 1.</param>
/// <param name="BatchedSupported">Whether the engine can decode several sequences together.</param>
/// <param name="Batched">Generated tokens per second of all batched sequences together; null when the test was off or the engine cannot run it.</param>
/// <param name="Shares">The rates as percentages of the machine's ceilings; null without a roofline or a cost.</param>
/// <param name="Samples">One per measured round, in order.</param>
public sealed record EngineResult(
    string Name,
    string Description,
    int KvCacheElementBytes,
    RateSummary Prefill,
    RateSummary Decode,
    bool BatchedSupported,
    RateSummary? Batched,
    RooflineShares? Shares,
    IReadOnlyList<RoundSample> Samples);

/// <summary>One engine's timings in one measured round.</summary>
/// <param name="Round">1-based measured round.</param>
/// <param name="Sequence">0-based position of this engine's turn among all measured turns of all engines.</param>
/// <param name="PrefillSeconds">Wall-clock time of the prefill.</param>
/// <param name="DecodeSeconds">Wall-clock time of all decode steps.</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens over <paramref name="PrefillSeconds"/>.</param>
/// <param name="DecodeTokensPerSecond">Decoded tokens over <paramref name="DecodeSeconds"/>.</param>
/// <param name="BatchedSeconds">Wall-clock time of the batched steps; null when not run.</param>
/// <param name="BatchedTokensPerSecond">Tokens of all sequences over <paramref name="BatchedSeconds"/>; null when not run.</param>
public sealed record RoundSample(
    int Round,
    int Sequence,
    double PrefillSeconds,
    double DecodeSeconds,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    double? BatchedSeconds = null,
    double? BatchedTokensPerSecond = null);

/// <summary>Our median rate over llama.cpp's: above 1 we are faster.</summary>
/// <param name="Prefill">Prefill ratio.</param>
/// <param name="Decode">Batch-1 decode ratio.</param>
/// <param name="Batched">Batched decode ratio; null unless both engines ran it.</param>
public sealed record SpeedRatio(double Prefill, double Decode, double? Batched = null);
