using Augur.Models;
using Augur.Models.Lora;
using Augur.Tests.Common;

namespace Augur.Engine.Lora.Tests;

public sealed class LoraAdapterCacheTests : IDisposable
{
    private static readonly ModelConfig Base = new()
    {
        Architecture = "llama", EmbeddingLength = 32, BlockCount = 2, HeadCount = 4, HeadCountKv = 4,
        FeedForwardLength = 48, VocabSize = 64, ContextLength = 64,
    };

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void GetOrLoad_OverBudget_EvictsLeastRecentlyUsed()
    {
        LoraAdapter a = Load(1), b = Load(2), c = Load(3);
        var cache = new LoraAdapterCache(budgetBytes: 2 * a.ByteSize);
        int loads = 0;
        LoraAdapter Get(string key, LoraAdapter adapter) => cache.GetOrLoad(key, () => { loads++; return adapter; });

        Assert.Same(a, Get("a", a));
        Assert.Same(b, Get("b", b));
        Assert.Same(a, Get("a", a)); // hit: a is now the most recent
        Assert.Same(c, Get("c", c)); // evicts b
        Assert.Equal(3, loads);
        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Evictions);
        Get("a", a);
        Assert.Equal(3, loads);
        Get("b", b);
        Assert.Equal(4, loads); // b was loaded again
        Assert.True(cache.Bytes <= cache.BudgetBytes);
    }

    [Fact]
    public void GetOrLoad_AdapterLargerThanBudget_IsStillServed()
    {
        LoraAdapter a = Load(1);
        var cache = new LoraAdapterCache(budgetBytes: 1);
        Assert.Same(a, cache.GetOrLoad("a", () => a));
        Assert.True(cache.Remove("a"));
        Assert.Equal(0, cache.Bytes);
    }

    private LoraAdapter Load(int seed)
    {
        var (config, weights) = new RandomLoraAdapter(Base, 4, 8, [LoraModule.Query], seed).WriteTo(_directory.File(seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new LoraAdapter($"a{seed}", LoraAdapterFile.Load(config, weights, Base, new LoraLimits()));
    }
}
