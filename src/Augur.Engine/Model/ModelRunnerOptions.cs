namespace Augur.Engine.Model;

/// <summary>Sizes of a <see cref="ModelRunner"/>'s preallocated state.</summary>
public sealed record ModelRunnerOptions
{
    /// <summary>Most tokens one pass takes, all sequences together. Default 32.</summary>
    public int MaxBatchTokens { get; init; } = 32;

    /// <summary>Most tokens of one pass whose logits are wanted; 0 (the default) means <see cref="MaxBatchTokens"/>.</summary>
    public int MaxLogitsRows { get; init; }

    /// <summary>Most positions one sequence may reach, in tokens; 0 (the default) means the model's context length.</summary>
    public int ContextLength { get; init; }
}
