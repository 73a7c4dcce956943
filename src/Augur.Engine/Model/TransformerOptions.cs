using Augur.Engine.Kv;

namespace Augur.Engine.Model;

/// <summary>Sizes of a <see cref="Transformer"/>'s preallocated state.</summary>
public sealed record TransformerOptions
{
    /// <summary>Positions the KV cache holds, in tokens; 0 (the default) means the model's context length.</summary>
    public int ContextLength { get; init; }

    /// <summary>Most tokens one batched pass processes; longer prefills run in chunks of this size. Default 32.</summary>
    public int MaxBatchTokens { get; init; } = 32;

    /// <summary>
    /// How the KV cache stores keys and values. Default <see cref="KvElementType.F32"/>: exactly what the forward pass
    /// computed, as llama.cpp's F32 cache holds them.
    /// </summary>
    public KvElementType KvElementType { get; init; } = KvElementType.F32;
}
