namespace Augur.Engine.Kv.Tests;

public sealed class KvCacheBlocksTests
{
    private static readonly BlockHash A = BlockHash.Root.Next([1, 2, 3, 4]);
    private static readonly BlockHash B = A.Next([5, 6, 7, 8]);

    [Fact]
    public void APublishedBlock_StaysFindableAfterRelease_AndARefoundBlockComesOffTheFreeQueue()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 3, BlockTokens = 4 });
        Assert.True(cache.TryAllocate(out int block));
        Assert.True(cache.Publish(block, A));
        Assert.True(cache.Release(block));
        Assert.Equal(3, cache.FreeBlocks);
        Assert.Equal(1, cache.CachedBlocks);

        Assert.True(cache.TryFind(A, out int found));
        Assert.Equal(block, found);
        cache.AddReference(found);
        Assert.Equal(1, cache.ReferenceCount(block));
        Assert.Equal(2, cache.FreeBlocks);
        Assert.False(cache.IsWritable(block)); // published contents are final
        Assert.True(cache.IsPublished(block, out BlockHash hash));
        Assert.Equal(A, hash);

        // The two free blocks are handed out; the referenced one is not among them.
        Assert.True(cache.TryAllocate(out int x));
        Assert.True(cache.TryAllocate(out int y));
        Assert.DoesNotContain(block, new[] { x, y });
        Assert.False(cache.TryAllocate(out _));
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public void Eviction_ReusesUnpublishedBlocksFirst_ThenTheLeastRecentlyFreedPublishedOne()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 3, BlockTokens = 4 });
        Span<int> blocks = stackalloc int[3];
        Assert.True(cache.TryAllocate(blocks));
        cache.Publish(blocks[0], A);
        cache.Publish(blocks[1], B);
        cache.Release(blocks[0]); // freed first: least recently used
        cache.Release(blocks[1]);
        cache.Release(blocks[2]); // unpublished: reused first

        Assert.True(cache.TryAllocate(out int first));
        Assert.Equal(blocks[2], first);
        Assert.Equal(0, cache.Evictions);

        Assert.True(cache.TryAllocate(out int second));
        Assert.Equal(blocks[0], second);
        Assert.Equal(1, cache.Evictions);
        Assert.False(cache.TryFind(A, out _));
        Assert.False(cache.IsPublished(second, out _));
        Assert.True(cache.TryFind(B, out int stillThere));
        Assert.Equal(blocks[1], stillThere);
        Assert.Equal(1, cache.CachedBlocks);
    }

    [Fact]
    public void Publish_OneHashNamesOneBlock()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 2, BlockTokens = 4 });
        cache.TryAllocate(out int first);
        cache.TryAllocate(out int second);
        Assert.True(cache.Publish(first, A));
        Assert.True(cache.Publish(first, A)); // again: no change
        Assert.False(cache.Publish(second, A)); // a duplicate of the same contents stays private
        Assert.False(cache.IsPublished(second, out _));
        Assert.Throws<InvalidOperationException>(() => cache.Publish(first, B));

        cache.Release(second);
        cache.Release(first);
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Publish(first, B)); // free blocks cannot be published
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.AddReference(second)); // nor an unpublished free block revived
    }

    [Fact]
    public void Truncating_IntoAPublishedBlock_CopiesItOnWrite_AndKeepsThePublishedContents()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 4, BlockTokens = 4, ElementType = KvElementType.F32 });
        var table = new BlockTable(cache);
        Assert.True(table.TryReserve(4));
        int block = table.Blocks[0];
        cache.KeysF32(0).Slice(block * 32, 32).Fill(7f);
        table.Advance(4);
        cache.Publish(block, A);

        table.Truncate(2); // a rejected draft, say: positions 2 and 3 will be written again
        Assert.Equal(1, table.BlocksToReserve(1));
        Assert.True(table.TryReserve(1));
        int own = table.Blocks[0];
        Assert.NotEqual(block, own);
        Assert.True(cache.IsWritable(own));
        Assert.True(cache.TryFind(A, out int published));
        Assert.Equal(block, published);
        Assert.Equal(0, cache.ReferenceCount(block)); // free, and still cached
        Assert.All(cache.KeysF32(0).Slice(own * 32, 32).ToArray(), v => Assert.Equal(7f, v));
    }
}
