namespace Augur.Engine.Kv.Tests;

public sealed class BlockTableTests
{
    [Fact]
    public void TryReserve_TakesTheBlocksThePositionsNeed()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 10, BlockTokens = 4 });
        var table = new BlockTable(cache);

        Assert.Equal(3, table.BlocksToReserve(9));
        Assert.True(table.TryReserve(9));
        Assert.Equal(3, table.Blocks.Length);
        Assert.Equal(12, table.Capacity);
        Assert.Equal(0, table.Length);
        Assert.Equal(7, cache.FreeBlocks);

        table.Advance(9);
        Assert.Equal(0, table.BlocksToReserve(3)); // slots 9..11 are already there
        Assert.True(table.TryReserve(3));
        Assert.Equal(1, table.BlocksToReserve(4));
        Assert.True(table.TryReserve(4));
        Assert.Equal(4, table.Blocks.Length);
        Assert.Equal(6, cache.FreeBlocks);
    }

    [Fact]
    public void TryReserve_WhenThePoolIsExhausted_FailsAndChangesNothing()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 5, BlockTokens = 4 });
        var first = new BlockTable(cache);
        var second = new BlockTable(cache);
        Assert.True(first.TryReserve(12));
        first.Advance(12);
        Assert.True(second.TryReserve(5));
        second.Advance(5);

        int[] before = second.Blocks.ToArray();
        Assert.False(second.TryReserve(4)); // 9 tokens need a third block; none is free
        Assert.False(first.TryReserve(1));

        Assert.Equal(before, second.Blocks.ToArray());
        Assert.Equal(0, cache.FreeBlocks);
        Assert.Equal(12, first.Capacity);

        first.Release();
        Assert.Equal(3, cache.FreeBlocks);
        Assert.True(second.TryReserve(4));
    }

    [Fact]
    public void Truncate_ReturnsTheBlocksPastTheKeptPositions()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 8, BlockTokens = 4 });
        var table = new BlockTable(cache);
        table.TryReserve(15);
        table.Advance(15);
        int[] blocks = table.Blocks.ToArray();

        table.Truncate(5);
        Assert.Equal(5, table.Length);
        Assert.Equal(blocks[..2], table.Blocks.ToArray());
        Assert.Equal(6, cache.FreeBlocks);

        Assert.Throws<ArgumentOutOfRangeException>(() => table.Truncate(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Truncate(-1));

        table.TryReserve(20); // reserved slots past Length go back with Truncate(Length)
        table.Truncate(table.Length);
        Assert.Equal(2, table.Blocks.Length);
        table.Release();
        Assert.Equal(0, table.Length);
        Assert.Equal(8, cache.FreeBlocks);
    }

    [Fact]
    public void SharedBlocks_AreCountedAndCopiedOnWrite()
    {
        using var cache = new KvCache(2, 4, new KvCacheOptions { BlockCount = 6, BlockTokens = 4, ElementType = KvElementType.F32 });
        var owner = new BlockTable(cache);
        owner.TryReserve(8);
        owner.Advance(8);
        for (int l = 0; l < 2; l++)
            cache.KeysF32(l).Fill(l + 1);

        var sharer = new BlockTable(cache);
        sharer.AppendShared(owner.Blocks[0]);
        sharer.AppendShared(owner.Blocks[1]);
        Assert.Equal(8, sharer.Length);
        Assert.Equal(2, cache.ReferenceCount(owner.Blocks[0]));
        Assert.Equal(4, cache.FreeBlocks);

        // Cut back into the middle of the second shared block: the next write must not touch the owner's copy.
        sharer.Truncate(6);
        Assert.Equal(2, sharer.BlocksToReserve(3)); // a private copy of the partial block, plus one new block
        Assert.True(sharer.TryReserve(3));
        Assert.Equal(owner.Blocks[0], sharer.Blocks[0]);
        Assert.NotEqual(owner.Blocks[1], sharer.Blocks[1]);
        Assert.Equal(1, cache.ReferenceCount(owner.Blocks[1]));
        Assert.Equal(1, cache.ReferenceCount(sharer.Blocks[1]));
        for (int l = 0; l < 2; l++)
            Assert.All(cache.KeysF32(l).Slice(sharer.Blocks[1] * 16, 16).ToArray(), v => Assert.Equal(l + 1f, v));

        // Sharing needs the table to end on a block boundary.
        Assert.Throws<InvalidOperationException>(() => sharer.AppendShared(owner.Blocks[0]));

        sharer.Release();
        owner.Release();
        Assert.Equal(6, cache.FreeBlocks);
    }

    [Fact]
    public void RandomWorkload_ReturnsEveryBlock()
    {
        using var cache = new KvCache(1, 4, new KvCacheOptions { BlockCount = 40, BlockTokens = 4 });
        var random = new Random(7);
        var tables = Enumerable.Range(0, 6).Select(_ => new BlockTable(cache)).ToArray();
        int failures = 0;

        for (int step = 0; step < 2000; step++)
        {
            BlockTable table = tables[random.Next(tables.Length)];
            switch (random.Next(5))
            {
                case 0 or 1 or 2:
                    int tokens = random.Next(1, 12);
                    int needed = table.BlocksToReserve(tokens), free = cache.FreeBlocks;
                    bool reserved = table.TryReserve(tokens);
                    Assert.Equal(needed <= free, reserved);
                    if (reserved)
                        table.Advance(table.Length + tokens);
                    else
                        failures++;
                    break;
                case 3:
                    table.Truncate(random.Next(table.Length + 1));
                    break;
                default:
                    int donor = random.Next(tables.Length);
                    if (tables[donor] != table && table.Length == table.Capacity && tables[donor].Length >= 4)
                        table.AppendShared(tables[donor].Blocks[0]);
                    break;
            }
            int held = tables.Sum(t => t.Blocks.Length);
            Assert.True(cache.UsedBlocks <= held);
        }

        Assert.True(failures > 0, "the workload never exhausted the pool");
        foreach (BlockTable table in tables)
            table.Release();
        Assert.Equal(cache.BlockCount, cache.FreeBlocks);
        for (int b = 0; b < cache.BlockCount; b++)
            Assert.Equal(0, cache.ReferenceCount(b));
    }
}
