namespace Augur.Engine.Kv;

/// <summary>
/// The shape of a <see cref="KvCache"/>: tokens per block, element type, and how many blocks, given either as a count
/// or as a memory budget.
/// </summary>
public sealed record KvCacheOptions
{
    /// <summary>Token slots per block. Default 16.</summary>
    public int BlockTokens { get; init; } = 16;

    /// <summary>Storage type of keys and values. Default <see cref="KvElementType.F16"/>.</summary>
    public KvElementType ElementType { get; init; } = KvElementType.F16;

    /// <summary>Blocks in the pool; 0 (the default) sizes the pool from <see cref="MemoryBudgetBytes"/> instead.</summary>
    public int BlockCount { get; init; }

    /// <summary>
    /// Bytes the keys and values of all layers may take, used when <see cref="BlockCount"/> is 0: the pool gets as many
    /// whole blocks as fit. Default 0.
    /// </summary>
    public long MemoryBudgetBytes { get; init; }

    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int ElementBytes(KvElementType type) => type == KvElementType.F32 ? sizeof(float) : 2;

    /// <summary>Bytes one block takes: keys and values of every layer for <see cref="BlockTokens"/> tokens.</summary>
    public long BlockBytes(int layers, int keyValueLength) =>
        2L * layers * BlockTokens * keyValueLength * ElementBytes(ElementType);

    /// <summary>The blocks a cache of this shape holds for a model of <paramref name="layers"/> × <paramref name="keyValueLength"/>.</summary>
    public int BlocksFor(int layers, int keyValueLength)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyValueLength, 1);
        return BlockCount > 0 ? BlockCount : (int)Math.Min(int.MaxValue, MemoryBudgetBytes / BlockBytes(layers, keyValueLength));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a shape that cannot be built.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockTokens, 1, nameof(BlockTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(BlockCount, nameof(BlockCount));
        ArgumentOutOfRangeException.ThrowIfNegative(MemoryBudgetBytes, nameof(MemoryBudgetBytes));
        if (!Enum.IsDefined(ElementType))
            throw new ArgumentOutOfRangeException(nameof(ElementType), ElementType, "Not a KV element type.");
        if (BlockCount == 0 && MemoryBudgetBytes == 0)
            throw new ArgumentOutOfRangeException(nameof(BlockCount), "Give a block count or a memory budget.");
    }
}
