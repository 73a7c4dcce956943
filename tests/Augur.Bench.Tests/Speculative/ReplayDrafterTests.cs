using Augur.Bench.Speculative;

namespace Augur.Bench.Speculative.Tests;

public sealed class ReplayDrafterTests
{
    private static readonly int[] Reference = [.. Enumerable.Range(0, 400).Select(i => (i * 37 + 11) % 97)];

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void ProposesTheReferenceContinuation_EachTokenKeptWithTheChosenProbability(double alpha)
    {
        var drafter = new ReplayDrafter(Reference, vocabSize: 97, alpha, seed: 3);
        int kept = 0, total = 0;
        var draft = new int[8];
        for (int at = 1; at + draft.Length <= Reference.Length; at++)
        {
            Assert.Equal(draft.Length, drafter.Propose(Reference.AsSpan(0, at), draft));
            for (int i = 0; i < draft.Length; i++)
            {
                Assert.InRange(draft[i], 0, 96);
                kept += draft[i] == Reference[at + i] ? 1 : 0;
                total++;
            }
        }
        Assert.Equal(total, drafter.Proposed);
        Assert.Equal(total - kept, drafter.Corrupted); // a replacement is never the true token
        Assert.InRange((double)kept / total, alpha - 0.03, alpha + 0.03); // ~3100 tokens: ±0.03 is over three standard deviations
    }

    [Fact]
    public void DraftsNothing_PastTheReferenceOrOffIt()
    {
        var drafter = new ReplayDrafter(Reference, vocabSize: 97, acceptance: 1, seed: 3);
        var draft = new int[4];
        Assert.Equal(2, drafter.Propose(Reference.AsSpan(0, Reference.Length - 2), draft));
        Assert.Equal(Reference[^2..], draft[..2]);
        int[] diverged = [.. Reference.AsSpan(0, 10)];
        diverged[5] ^= 1;
        Assert.Equal(0, drafter.Propose(diverged, draft));
        Assert.Equal(1, drafter.Divergences);
    }

    [Fact]
    public void LeviathansFormula_AtItsCorners()
    {
        Assert.Equal(1.0 / (3 * 0.5 + 1), LeviathanFormula.Speedup(0, 3, 0.5), 12);   // nothing accepted: one token per round
        Assert.Equal(4.0 / (3 * 0.1 + 1), LeviathanFormula.Speedup(1, 3, 0.1), 12);   // everything accepted: γ + 1 tokens
        Assert.Equal(1.5, LeviathanFormula.Speedup(0.5, 1, 0), 12);                  // 1 + α tokens for free drafts
        Assert.Equal(1.75 / 2, LeviathanFormula.Speedup(0.5, 2, 0, verifyCost: 2), 12); // 1 + α + α², a pass twice the price
    }
}
