using Augur.Models.Lora;

namespace Augur.Server.Finetunes;

/// <summary>Limits on uploaded adapters (Workers AI's by default) and the memory the loaded ones may take.</summary>
public sealed record FinetuneOptions
{
    /// <summary>Rank, file size and per-account count limits; see <see cref="LoraLimits"/> for the defaults.</summary>
    public LoraLimits Limits { get; init; } = new();

    /// <summary>Bytes of loaded adapters kept in memory (least recently used evicted first). Default 1 GiB.</summary>
    public long AdapterCacheBytes { get; init; } = 1L << 30;
}
