namespace Augur.Engine.Kv.Tests;

public sealed class KvCacheTests
{
    [Fact]
    public void Options_SizeThePoolFromACountOrABudget()
    {
        var byCount = new KvCacheOptions { BlockCount = 7 };
        Assert.Equal(7, byCount.BlocksFor(layers: 2, keyValueLength: 64));

        // One block: keys and values × 2 layers × 16 tokens × 64 elements × 2 bytes = 8 KiB.
        var byBudget = new KvCacheOptions { MemoryBudgetBytes = 5 * 8192 + 8191 };
        Assert.Equal(8192, byBudget.BlockBytes(2, 64));
        Assert.Equal(5, byBudget.BlocksFor(2, 64));
        Assert.Equal(2, (byBudget with { ElementType = KvElementType.F32 }).BlocksFor(2, 64));

        using var cache = new KvCache(2, 64, byBudget);
        Assert.Equal(5, cache.BlockCount);
        Assert.Equal(8192, cache.BlockBytes);
        Assert.Equal(2, cache.ElementBytes);
        Assert.Equal(16, cache.BlockTokens);
    }

    [Fact]
    public void Options_WithoutCountOrBudget_OrTooSmall_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCacheOptions().BlocksFor(2, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCacheOptions { BlockCount = 4, BlockTokens = 0 }.BlocksFor(2, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCacheOptions { BlockCount = -1 }.BlocksFor(2, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCache(2, 64, new KvCacheOptions { MemoryBudgetBytes = 8191 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCache(1, 1 << 20, new KvCacheOptions { BlockCount = 1 << 8, ElementType = KvElementType.F32 }));
    }

    [Fact]
    public void Allocate_UntilExhausted_ThenReleaseMakesRoom()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 3 });
        var taken = new List<int>();

        while (cache.TryAllocate(out int block))
            taken.Add(block);

        Assert.Equal([0, 1, 2], taken.Order());
        Assert.Equal(0, cache.FreeBlocks);
        Assert.Equal(3, cache.UsedBlocks);
        Assert.False(cache.TryAllocate(out int none));
        Assert.Equal(-1, none);

        Assert.True(cache.Release(taken[1]));
        Assert.Equal(1, cache.FreeBlocks);
        Assert.True(cache.TryAllocate(out int again));
        Assert.Equal(taken[1], again);
    }

    [Fact]
    public void AllocateMany_IsAllOrNothing()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 4 });
        Span<int> three = stackalloc int[3];
        Assert.True(cache.TryAllocate(three));
        Assert.Equal(1, cache.FreeBlocks);

        Span<int> two = stackalloc int[2];
        Assert.False(cache.TryAllocate(two));
        Assert.Equal(1, cache.FreeBlocks);
        foreach (int block in three)
            Assert.Equal(1, cache.ReferenceCount(block));
    }

    [Fact]
    public void ReferenceCounts_FreeABlockOnlyWithTheLastRelease()
    {
        using var cache = new KvCache(1, 8, new KvCacheOptions { BlockCount = 2 });
        Assert.True(cache.TryAllocate(out int block));
        cache.AddReference(block);
        cache.AddReference(block);
        Assert.Equal(3, cache.ReferenceCount(block));

        Assert.False(cache.Release(block));
        Assert.False(cache.Release(block));
        Assert.Equal(1, cache.FreeBlocks);
        Assert.True(cache.Release(block));
        Assert.Equal(2, cache.FreeBlocks);
        Assert.Equal(0, cache.ReferenceCount(block));

        // A free block has no reference to add or drop.
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Release(block));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.AddReference(block));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.ReferenceCount(2));
    }

    [Theory]
    [InlineData(KvElementType.F32)]
    [InlineData(KvElementType.F16)]
    public void CopyBlock_CopiesEveryLayersKeysAndValues(KvElementType type)
    {
        using var cache = new KvCache(3, 8, new KvCacheOptions { BlockCount = 3, BlockTokens = 4, ElementType = type });
        cache.TryAllocate(out int a);
        cache.TryAllocate(out int b);
        int blockElements = 4 * 8;
        for (int l = 0; l < 3; l++)
        {
            for (int i = 0; i < blockElements; i++)
            {
                Set(cache, l, a * blockElements + i, key: l * 1000 + i, value: -(l * 1000 + i));
                Set(cache, l, b * blockElements + i, key: 0, value: 0);
            }
        }

        cache.CopyBlock(a, b);

        for (int l = 0; l < 3; l++)
        {
            for (int i = 0; i < blockElements; i++)
                Assert.Equal((l * 1000f + i, -(l * 1000f + i)), Get(cache, l, b * blockElements + i));
        }
    }

    [Fact]
    public void Pools_OfTheWrongElementType_OrAfterDispose_Throw()
    {
        var cache = new KvCache(2, 8, new KvCacheOptions { BlockCount = 2, ElementType = KvElementType.F16 });
        Assert.Equal(2 * 16 * 8, cache.KeysF16(1).Length);
        Assert.Throws<InvalidOperationException>(() => cache.KeysF32(0).Length);

        cache.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cache.ValuesF16(0).Length);
        cache.Dispose(); // twice is harmless
    }

    private static void Set(KvCache cache, int layer, int index, float key, float value)
    {
        if (cache.ElementType == KvElementType.F32)
        {
            cache.KeysF32(layer)[index] = key;
            cache.ValuesF32(layer)[index] = value;
        }
        else
        {
            cache.KeysF16(layer)[index] = (Half)key;
            cache.ValuesF16(layer)[index] = (Half)value;
        }
    }

    private static (float Key, float Value) Get(KvCache cache, int layer, int index) =>
        cache.ElementType == KvElementType.F32
            ? (cache.KeysF32(layer)[index], cache.ValuesF32(layer)[index])
            : ((float)cache.KeysF16(layer)[index], (float)cache.ValuesF16(layer)[index]);
}
