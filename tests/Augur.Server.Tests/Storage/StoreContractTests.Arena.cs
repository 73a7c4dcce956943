namespace Augur.Server.Storage.Tests;

public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset BattleTime = new(2026, 3, 15, 9, 30, 0, 250, TimeSpan.Zero);

    [Fact]
    public async Task Arena_BattleIsVotedOnce_AndListedOnlyForItsAccount()
    {
        var battle = new ArenaBattle("b1", "acct-a", BattleTime, "Once upon a time", "@local/x", "@local/x+ngram", null, null);
        await Store.Arena.CreateBattleAsync(battle);
        await Store.Arena.CreateBattleAsync(battle with { Id = "b2", VariantA = "@local/y" });
        await Store.Arena.CreateBattleAsync(battle with { Id = "other", AccountId = "acct-b" });

        Assert.Equal(battle, await Store.Arena.GetBattleAsync("acct-a", "b1"));
        Assert.Null(await Store.Arena.GetBattleAsync("acct-b", "b1"));
        Assert.Empty(await Store.Arena.VotedAsync("acct-a"));

        Assert.False(await Store.Arena.VoteAsync("acct-b", "b1", ArenaOutcomes.A, BattleTime.AddMinutes(1)));
        Assert.True(await Store.Arena.VoteAsync("acct-a", "b2", ArenaOutcomes.Tie, BattleTime.AddMinutes(1)));
        Assert.True(await Store.Arena.VoteAsync("acct-a", "b1", ArenaOutcomes.B, BattleTime.AddMinutes(2)));
        Assert.False(await Store.Arena.VoteAsync("acct-a", "b1", ArenaOutcomes.A, BattleTime.AddMinutes(3)));

        IReadOnlyList<ArenaBattle> voted = await Store.Arena.VotedAsync("acct-a");
        Assert.Equal(["b2", "b1"], voted.Select(b => b.Id));
        Assert.Equal(battle with { Outcome = ArenaOutcomes.B, VotedAt = BattleTime.AddMinutes(2) }, voted[1]);
        Assert.Empty(await Store.Arena.VotedAsync("acct-b"));
    }
}
