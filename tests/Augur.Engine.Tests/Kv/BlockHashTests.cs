namespace Augur.Engine.Kv.Tests;

public sealed class BlockHashTests
{
    [Fact]
    public void TheChain_IsDeterministic_AndCoversParentTokensAndNamespace()
    {
        int[] tokens = [10, 20, 30, 40];
        BlockHash first = BlockHash.Root.Next(tokens);

        Assert.Equal(first, BlockHash.ForNamespace("").Next([10, 20, 30, 40]));
        Assert.NotEqual(first, BlockHash.Root.Next([10, 20, 40, 30]));
        Assert.NotEqual(first, BlockHash.ForNamespace("adapter:7").Next(tokens));
        Assert.NotEqual(first.Next(tokens), BlockHash.Root.Next(tokens)); // the same tokens one block later
        Assert.NotEqual(BlockHash.Root.Next([1, 2]), BlockHash.Root.Next([1, 2, 0]));
    }

    [Fact]
    public void LongBlocks_HashLikeShortOnes()
    {
        int[] tokens = Enumerable.Range(0, 1000).ToArray(); // past the stack buffer
        BlockHash hash = BlockHash.Root.Next(tokens);
        Assert.Equal(hash, BlockHash.Root.Next(tokens.AsSpan()));
        tokens[999]++;
        Assert.NotEqual(hash, BlockHash.Root.Next(tokens));
        Assert.Equal(32, hash.ToString().Length);
    }

    [Fact]
    public void ForNamespace_WithAdapter_DiffersPerAdapter_AndWithoutOneIsThePlainRoot()
    {
        Assert.Equal(BlockHash.ForNamespace("salt"), BlockHash.ForNamespace("salt", null));
        Assert.NotEqual(BlockHash.ForNamespace("salt"), BlockHash.ForNamespace("salt", "f00d"));
        Assert.NotEqual(BlockHash.ForNamespace("salt", "f00d"), BlockHash.ForNamespace("salt", "f00e"));
        Assert.NotEqual(BlockHash.ForNamespace("salt", "f00d"), BlockHash.ForNamespace("pepper", "f00d"));
        Assert.Equal(BlockHash.ForNamespace("salt", "f00d"), BlockHash.ForNamespace("salt", "f00d"));
    }
}
