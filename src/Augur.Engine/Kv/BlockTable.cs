namespace Augur.Engine.Kv;

/// <summary>
/// One sequence's place in a <see cref="KvCache"/>: the ids of its blocks in position order (position <c>p</c> lives in
/// block <c>Blocks[p / BlockTokens]</c>, slot <c>p % BlockTokens</c>) and <see cref="Length"/>, the positions whose keys
/// and values are cached. <see cref="TryReserve"/> makes room for more tokens before a forward pass writes them;
/// <see cref="Truncate"/> and <see cref="Release"/> give blocks back.
/// </summary>
/// <remarks>Not thread-safe, like its cache. Allocates only when it holds more blocks than ever before.</remarks>
public sealed class BlockTable
{
    private int[] _blocks;
    private int _count;

    /// <summary>An empty table on <paramref name="cache"/>, with room for the block ids of <paramref name="expectedTokens"/> tokens.</summary>
    public BlockTable(KvCache cache, int expectedTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedTokens);
        Cache = cache;
        _blocks = new int[Math.Max(4, BlocksFor(expectedTokens))];
    }

    public KvCache Cache { get; }

    /// <summary>Positions <c>[0, Length)</c> hold this sequence's keys and values.</summary>
    public int Length { get; private set; }

    /// <summary>Token slots in the blocks held: positions up to <c>Capacity − 1</c> can be written.</summary>
    public int Capacity => _count * Cache.BlockTokens;

    /// <summary>The block ids, in position order.</summary>
    public ReadOnlySpan<int> Blocks => _blocks.AsSpan(0, _count);

    // Scratch of ModelRunner's batch validation: the pass that last saw this table, and the position it expects next.
    internal long PassStamp { get; set; }

    internal int PendingLength { get; set; }

    /// <summary>
    /// The free blocks <see cref="TryReserve"/> would take for <paramref name="tokens"/> more tokens: new blocks past
    /// <see cref="Capacity"/>, plus one when the partly filled block at <see cref="Length"/> is shared or published and
    /// must be copied first.
    /// </summary>
    public int BlocksToReserve(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        if (tokens == 0)
            return 0;
        return Math.Max(0, BlocksFor(Length + tokens) - _count) + (SharedTail() ? 1 : 0);
    }

    /// <summary>
    /// Makes positions <c>[Length, Length + tokens)</c> writable: allocates the blocks they need and copies a shared or
    /// published partly filled last block (after a <see cref="Truncate"/>) into a block of this sequence's own (copy on write). All or nothing: false, with the
    /// table and the cache unchanged, when the cache has too few free blocks.
    /// </summary>
    public bool TryReserve(int tokens)
    {
        int needed = BlocksToReserve(tokens);
        if (needed > Cache.FreeBlocks)
            return false;
        if (SharedTail())
        {
            int index = Length / Cache.BlockTokens, shared = _blocks[index];
            Cache.TryAllocate(out int own);
            Cache.CopyBlock(shared, own);
            Cache.Release(shared);
            _blocks[index] = own;
            needed--;
        }
        EnsureRoom(_count + needed);
        for (int i = 0; i < needed; i++)
            Cache.TryAllocate(out _blocks[_count++]);
        return true;
    }

    /// <summary>
    /// Appends an allocated, full block that another sequence holds (a cached prefix), adding a reference to it; the
    /// table must end on a block boundary with no block reserved past <see cref="Length"/>.
    /// </summary>
    public void AppendShared(int block)
    {
        if (Length != Capacity)
            throw new InvalidOperationException($"Shared blocks go after whole blocks: the table holds {Length} tokens in {_count} blocks.");
        Cache.AddReference(block);
        EnsureRoom(_count + 1);
        _blocks[_count++] = block;
        Length += Cache.BlockTokens;
    }

    /// <summary>Keeps the first <paramref name="length"/> positions and returns the blocks past them to the cache.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        int keep = BlocksFor(length);
        while (_count > keep)
            Cache.Release(_blocks[--_count]);
        Length = length;
    }

    /// <summary>Returns every block to the cache; the table is empty and can be used again.</summary>
    public void Release() => Truncate(0);

    /// <summary>Marks positions up to <paramref name="length"/> − 1 as cached, after a forward pass wrote them.</summary>
    internal void Advance(int length)
    {
        if (length > Length)
            Length = length;
    }

    private int BlocksFor(int tokens) => (int)(((long)tokens + Cache.BlockTokens - 1) / Cache.BlockTokens);

    private bool SharedTail() =>
        Length % Cache.BlockTokens != 0 && !Cache.IsWritable(_blocks[Length / Cache.BlockTokens]);

    private void EnsureRoom(int blocks)
    {
        if (blocks > _blocks.Length)
            Array.Resize(ref _blocks, Math.Max(blocks, 2 * _blocks.Length));
    }
}
