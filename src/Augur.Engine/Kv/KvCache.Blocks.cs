using System.Diagnostics.CodeAnalysis;

namespace Augur.Engine.Kv;

/// <summary>
/// The block bookkeeping of a <see cref="KvCache"/>: reference counts, the free queue and the prefix cache's index.
/// </summary>
/// <remarks>
/// <para>Free blocks wait in one queue, least recently freed at the head. <see cref="TryAllocate(out int)"/> takes the
/// head. A block freed with no published contents goes to the head (nothing is lost by reusing it first); a freed
/// published block goes to the tail and stays findable by its hash until it reaches the head and is reused — that
/// reuse is an eviction, so unreferenced cached blocks are evicted least recently used first. A sequence releases its
/// blocks last to first, so its deepest block is evicted before the shared prefix it hangs from.</para>
/// <para>A published block found again is revived by <see cref="AddReference"/>, which takes it off the queue.</para>
/// </remarks>
public sealed partial class KvCache
{
    private readonly int[] _references;   // (blocks) 0 for a free block
    private readonly BlockHash[] _hashes; // (blocks) the hash a block is published under, when _published
    private readonly bool[] _published;   // (blocks)
    private readonly int[] _next;         // (blocks) free queue links, −1 at the ends
    private readonly int[] _previous;     // (blocks)
    private readonly Dictionary<BlockHash, int> _index = [];
    private int _head, _tail, _freeCount;

    /// <summary>Blocks with no reference: truly free, or holding cached contents that are evicted when reused.</summary>
    public int FreeBlocks => _freeCount;

    /// <summary>Blocks held by at least one reference.</summary>
    public int UsedBlocks => BlockCount - _freeCount;

    /// <summary>Blocks published under a hash, referenced or not.</summary>
    public int CachedBlocks => _index.Count;

    /// <summary>Published blocks that were reused for other contents (evicted from the prefix cache), since creation.</summary>
    public long Evictions { get; private set; }

    /// <summary>Takes the free block at the head of the queue, with one reference; false when none is left.</summary>
    public bool TryAllocate(out int block)
    {
        if (_head < 0)
        {
            block = -1;
            return false;
        }
        block = _head;
        Unlink(block);
        if (_published[block])
        {
            Unpublish(block);
            Evictions++;
        }
        _references[block] = 1;
        return true;
    }

    /// <summary>Takes <c>blocks.Length</c> free blocks, each with one reference, or none at all when fewer are free.</summary>
    public bool TryAllocate(Span<int> blocks)
    {
        if (blocks.Length > _freeCount)
            return false;
        for (int i = 0; i < blocks.Length; i++)
            TryAllocate(out blocks[i]);
        return true;
    }

    /// <summary>
    /// Adds a reference to <paramref name="block"/>: another sequence shares it. A published block with no reference
    /// (found by <see cref="TryFind"/>) is taken off the free queue.
    /// </summary>
    public void AddReference(int block)
    {
        CheckBlock(block);
        if (_references[block] == 0)
        {
            if (!_published[block])
                ThrowBlock(block);
            Unlink(block);
        }
        _references[block]++;
    }

    /// <summary>Drops one reference to <paramref name="block"/>; true when that was the last and the block is free again.</summary>
    public bool Release(int block)
    {
        CheckAllocated(block);
        if (--_references[block] > 0)
            return false;
        if (_published[block])
            PushBack(block);
        else
            PushFront(block);
        return true;
    }

    /// <summary>References held on <paramref name="block"/>; 0 when it is free.</summary>
    public int ReferenceCount(int block)
    {
        CheckBlock(block);
        return _references[block];
    }

    /// <summary>
    /// Publishes the full, allocated <paramref name="block"/> under <paramref name="hash"/>, so that sequences with the
    /// same prefix find it. False when another block is already published under that hash (the caller's block stays
    /// unpublished and is freed normally); true when published, or already published under this hash.
    /// </summary>
    /// <exception cref="InvalidOperationException">The block is already published under another hash.</exception>
    public bool Publish(int block, BlockHash hash)
    {
        CheckAllocated(block);
        if (_published[block])
        {
            if (_hashes[block] != hash)
                throw new InvalidOperationException($"Block {block} is already published under {_hashes[block]}.");
            return true;
        }
        if (!_index.TryAdd(hash, block))
            return false;
        _hashes[block] = hash;
        _published[block] = true;
        return true;
    }

    /// <summary>The block published under <paramref name="hash"/>, referenced or free; add a reference to use it.</summary>
    public bool TryFind(BlockHash hash, out int block) => _index.TryGetValue(hash, out block);

    /// <summary>True when <paramref name="block"/> is published, with the hash it is published under.</summary>
    public bool IsPublished(int block, out BlockHash hash)
    {
        CheckBlock(block);
        hash = _hashes[block];
        return _published[block];
    }

    /// <summary>
    /// True when a forward pass may write into <paramref name="block"/>: only one sequence holds it and it is not
    /// published (a published block's contents are final: other sequences may find it by its hash).
    /// </summary>
    public bool IsWritable(int block)
    {
        CheckBlock(block);
        return _references[block] == 1 && !_published[block];
    }

    private void Unpublish(int block)
    {
        _index.Remove(_hashes[block]);
        _published[block] = false;
        _hashes[block] = default;
    }

    private void PushBack(int block)
    {
        _next[block] = -1;
        _previous[block] = _tail;
        if (_tail >= 0)
            _next[_tail] = block;
        else
            _head = block;
        _tail = block;
        _freeCount++;
    }

    private void PushFront(int block)
    {
        _previous[block] = -1;
        _next[block] = _head;
        if (_head >= 0)
            _previous[_head] = block;
        else
            _tail = block;
        _head = block;
        _freeCount++;
    }

    private void Unlink(int block)
    {
        int previous = _previous[block], next = _next[block];
        if (previous >= 0)
            _next[previous] = next;
        else
            _head = next;
        if (next >= 0)
            _previous[next] = previous;
        else
            _tail = previous;
        _freeCount--;
    }

    private void CheckBlock(int block)
    {
        if ((uint)block >= (uint)BlockCount)
            ThrowBlock(block);
    }

    private void CheckAllocated(int block)
    {
        if ((uint)block >= (uint)BlockCount || _references[block] == 0)
            ThrowBlock(block);
    }

    [DoesNotReturn]
    private void ThrowBlock(int block) =>
        throw new ArgumentOutOfRangeException(nameof(block), block, $"Not an allocated block of this cache ({BlockCount} blocks).");
}
