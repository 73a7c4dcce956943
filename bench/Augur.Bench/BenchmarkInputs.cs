namespace Augur.Bench;

/// <summary>What <see cref="EndToEndBenchmark.Run"/> evaluates and what it reports it against.</summary>
/// <param name="Model">The model, for the report.</param>
/// <param name="Prompt">The tokens every engine prefills; its length is what a prefill's rate counts.</param>
/// <param name="BatchedPrompts">One prompt per batched sequence (<see cref="EndToEndBenchmarkOptions.BatchSequences"/> of them, none when the test is off).</param>
/// <param name="Cost">What a token costs the model, for the roofline shares; null for none.</param>
/// <param name="Roofline">The machine's ceilings; null for none (the report then gives no shares).</param>
public sealed record BenchmarkInputs(
    ModelSummary Model,
    BenchmarkPrompt Prompt,
    IReadOnlyList<BenchmarkPrompt> BatchedPrompts,
    ModelCost? Cost = null,
    RooflineLimits? Roofline = null);
