namespace Augur.Engine.Speculative.Tests;

public sealed class DraftLengthPolicyTests
{
    private static DraftState State(double acceptance, bool adaptive = true)
    {
        var state = new DraftState(new SpeculativeOptions { Method = SpeculativeMethod.Ngram, MaxDraftTokens = 8, Adaptive = adaptive }, 32);
        state.Accepted = acceptance * 1000;
        state.Tried = 1000;
        return state;
    }

    /// <summary>Passes measured as a memory-bound step: 20 ms whatever the batch, plus 0.1 ms per token; 1 ms a draft token.</summary>
    private static DraftLengthPolicy MemoryBound()
    {
        var policy = new DraftLengthPolicy();
        for (int i = 0; i < 50; i++)
        {
            policy.RecordPass(1 + i % 40, 0.020 + 0.0001 * (1 + i % 40));
            policy.RecordDraft(4, 0.004);
        }
        return policy;
    }

    [Fact]
    public void TheFit_RecoversTheFixedAndPerTokenCosts()
    {
        (double @fixed, double perToken) = MemoryBound().PassCost();
        Assert.Equal(0.020, @fixed, 6);
        Assert.Equal(0.0001, perToken, 8);
    }

    [Fact]
    public void AMemoryBoundStep_DraftsLong_WhenDraftsAreAccepted()
    {
        DraftLengthPolicy policy = MemoryBound();
        Assert.Equal(8, policy.Choose(State(0.9), sequences: 1));
        Assert.Equal(4, policy.Choose(State(0.6), sequences: 1)); // (1 − 0.6^(k+1)) / 0.4 per 20.1 + 1.1·k ms is best at k = 4
    }

    [Fact]
    public void DraftingBacksOff_InALargeBatch_OrWithLowAcceptance_OrWhenDraftsCostMuch()
    {
        DraftLengthPolicy policy = MemoryBound();
        Assert.Equal(0, policy.Choose(State(0.6), sequences: 400)); // the fixed cost is shared by 400 already
        Assert.Equal(0, policy.Choose(State(0.01), sequences: 1));
        policy.RecordDraft(tokens: 10, seconds: 5); // now some 60 ms a draft token: dearer than three whole passes
        Assert.Equal(0, policy.Choose(State(0.9), sequences: 1));
        Assert.Equal(8, policy.Choose(State(0.01, adaptive: false), sequences: 400)); // unless adaptivity is off
    }

    [Fact]
    public void AfterLongWithoutDrafting_ItProbesWithOneToken()
    {
        DraftLengthPolicy policy = MemoryBound();
        DraftState state = State(0.01);
        int[] chosen = Enumerable.Range(0, 32).Select(_ => policy.Choose(state, 1)).ToArray();
        Assert.Equal(2, chosen.Count(k => k == 1));
        Assert.Equal(30, chosen.Count(k => k == 0));
    }
}
