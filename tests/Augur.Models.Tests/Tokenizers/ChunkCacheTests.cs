namespace Augur.Models.Tokenizers.Tests;

public sealed class ChunkCacheTests
{
    private readonly ChunkCache _cache = new();
    private readonly List<int> _output = [];

    public ChunkCacheTests() => _cache.Bind(this);

    [Fact]
    public void StoredChunk_IsFoundWithItsIds()
    {
        Assert.False(_cache.TryAppend(" hello", _output, out int set));
        _cache.Store(set, " hello", [7, 8, 9]);
        _output.Add(1);

        bool found = _cache.TryAppend(" hello", _output, out _);

        Assert.True(found);
        Assert.Equal([1, 7, 8, 9], _output);
        Assert.False(_cache.TryAppend(" hellp", _output, out _));
        Assert.False(_cache.TryAppend(" hell", _output, out _));
    }

    [Fact]
    public void TooLongOrEmptyChunk_IsNeverCached()
    {
        string longest = new('x', ChunkCache.MaxChars);
        string tooLong = longest + "x";

        Assert.False(_cache.TryAppend(tooLong, _output, out int set));
        Assert.Equal(-1, set);
        Assert.False(_cache.TryAppend("", _output, out int emptySet));
        Assert.Equal(-1, emptySet);
        _cache.TryAppend(longest, _output, out int longestSet);
        _cache.Store(longestSet, longest, [5]);
        Assert.True(_cache.TryAppend(longest, _output, out _));
    }

    [Fact]
    public void TooManyIds_AreNotStored()
    {
        _cache.TryAppend("abc", _output, out int set);
        _cache.Store(set, "abc", new int[ChunkCache.MaxIds + 1]);

        Assert.False(_cache.TryAppend("abc", _output, out _));
        Assert.Empty(_output);
    }

    [Fact]
    public void ThirdChunkOfASet_EvictsTheOldest()
    {
        string[] same = ChunksOfOneSet(3);
        for (int i = 0; i < same.Length; i++)
        {
            _cache.TryAppend(same[i], _output, out int set);
            _cache.Store(set, same[i], [i]);
        }

        Assert.False(_cache.TryAppend(same[0], _output, out _));
        Assert.True(_cache.TryAppend(same[1], _output, out _));
        Assert.True(_cache.TryAppend(same[2], _output, out _));
        Assert.Equal([1, 2], _output);
    }

    [Fact]
    public void BindingAnotherOwner_EmptiesTheCache()
    {
        _cache.TryAppend("word", _output, out int set);
        _cache.Store(set, "word", [3]);

        _cache.Bind(new object());

        Assert.False(_cache.TryAppend("word", _output, out _));
    }

    /// <summary>Distinct chunks that fall in the same set.</summary>
    private string[] ChunksOfOneSet(int count)
    {
        var bySet = new Dictionary<int, List<string>>();
        for (int i = 0; ; i++)
        {
            string chunk = $"w{i}";
            _cache.TryAppend(chunk, _output, out int set);
            if (!bySet.TryGetValue(set, out List<string>? chunks))
                bySet[set] = chunks = [];
            chunks.Add(chunk);
            if (chunks.Count == count)
                return [.. chunks];
        }
    }
}
