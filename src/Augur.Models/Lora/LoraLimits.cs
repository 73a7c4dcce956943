namespace Augur.Models.Lora;

/// <summary>
/// Bounds on the adapters Augur accepts, with Workers AI's published limits as defaults.
/// </summary>
public sealed record LoraLimits
{
    /// <summary>Highest LoRA rank <c>r</c>. Default 32.</summary>
    public int MaxRank { get; init; } = 32;

    /// <summary>Largest <c>adapter_model.safetensors</c>, in bytes. Default 300 MiB.</summary>
    public long MaxWeightsBytes { get; init; } = 300L * 1024 * 1024;

    /// <summary>Largest <c>adapter_config.json</c>, in bytes. Default 64 KiB.</summary>
    public long MaxConfigBytes { get; init; } = 64 * 1024;

    /// <summary>Most finetunes one account may hold. Default 100.</summary>
    public int MaxAdaptersPerAccount { get; init; } = 100;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a bound below 1.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRank, 1, nameof(MaxRank));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWeightsBytes, 1, nameof(MaxWeightsBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConfigBytes, 1, nameof(MaxConfigBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAdaptersPerAccount, 1, nameof(MaxAdaptersPerAccount));
    }
}
