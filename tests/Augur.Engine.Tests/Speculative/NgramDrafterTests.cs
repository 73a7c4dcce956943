namespace Augur.Engine.Speculative.Tests;

public sealed class NgramDrafterTests
{
    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 5, 2, 3 }, 3, new[] { 4, 5, 2 })]        // "2 3" seen before: what followed it
    [InlineData(new[] { 7, 1, 2, 9, 1, 2, 8, 1, 2 }, 2, new[] { 8, 1 })]    // the latest occurrence wins
    [InlineData(new[] { 5, 6, 7, 5, 9, 6, 7 }, 4, new[] { 5, 9, 6, 7 })]    // the longest suffix first: "6 7" before "7"
    [InlineData(new[] { 1, 2, 3, 4 }, 3, new int[0])]                        // nothing repeats
    [InlineData(new[] { 4, 4, 4 }, 5, new[] { 4 })]                          // "4 4" at 0 is followed by the suffix itself
    public void Lookup_ProposesWhatFollowedTheLatestEarlierMatch(int[] tokens, int limit, int[] expected)
    {
        var draft = new int[limit];
        int count = NgramDrafter.Lookup(tokens, maxLength: 3, draft);
        Assert.Equal(expected, draft[..count]);
    }
}
