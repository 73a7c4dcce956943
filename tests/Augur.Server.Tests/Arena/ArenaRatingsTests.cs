using Augur.Server.Storage;

namespace Augur.Server.Arena.Tests;

public sealed class ArenaRatingsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rate_NoVotes_IsEmpty() => Assert.Empty(ArenaRatings.Rate([]));

    [Fact]
    public void Rate_TheMoreOftenWinner_RanksFirst_WithAnIntervalAroundItsRating()
    {
        // x beats y 8 times of 10; y beats z 8 of 10: the order is x, y, z, and ties leave equal ratings equal.
        var battles = new List<ArenaBattle>();
        battles.AddRange(Games("x", "y", 8, 2, 0));
        battles.AddRange(Games("y", "z", 8, 2, 0));
        IReadOnlyList<ArenaRating> ratings = ArenaRatings.Rate(battles, resamples: 100);

        Assert.Equal(["x", "y", "z"], ratings.Select(r => r.Variant));
        foreach (ArenaRating r in ratings)
            Assert.True(r.Low <= r.Rating && r.Rating <= r.High && r.Low < r.High, $"{r}");
        Assert.Equal((10, 8, 2, 0), (ratings[0].Battles, ratings[0].Wins, ratings[0].Losses, ratings[0].Ties));
        Assert.Equal((20, 10, 10), (ratings[1].Battles, ratings[1].Wins, ratings[1].Losses));
        // Bradley-Terry on this chain: P(x beats y) = p_x / (p_x + p_y) is near 0.8, shrunk toward 0.5 by the anchor prior.
        double pxy = 1 / (1 + Math.Pow(10, (ratings[1].Rating - ratings[0].Rating) / 400));
        Assert.InRange(pxy, 0.65, 0.8);
    }

    [Fact]
    public void Rate_OnlyTies_GivesEqualRatings_AndAnUnbeatenVariantStaysFinite()
    {
        IReadOnlyList<ArenaRating> tied = ArenaRatings.Rate([.. Games("a", "b", 0, 0, 6)]);
        Assert.Equal(tied[0].Rating, tied[1].Rating, 6);

        IReadOnlyList<ArenaRating> unbeaten = ArenaRatings.Rate([.. Games("a", "b", 5, 0, 0)]);
        Assert.True(double.IsFinite(unbeaten[0].Rating) && unbeaten[0].Rating > unbeaten[1].Rating);
    }

    [Fact]
    public void Pairs_CountEachOutcomeFromTheFirstVariantsSide_WhicheverSideItWasShownOn()
    {
        ArenaBattle[] battles =
        [
            Battle("b", "a", ArenaOutcomes.A), // b won, shown as A
            Battle("a", "b", ArenaOutcomes.A),
            Battle("a", "b", ArenaOutcomes.Tie),
            Battle("b", "a", ArenaOutcomes.BothBad),
        ];
        ArenaPairRecord pair = Assert.Single(ArenaRatings.Pairs(battles));
        Assert.Equal(("a", "b", 4, 1, 1, 1, 1), (pair.First, pair.Second, pair.Battles, pair.FirstWins, pair.SecondWins, pair.Ties, pair.BothBad));
        Assert.Equal(0.5, pair.FirstWinRate);
    }

    private static IEnumerable<ArenaBattle> Games(string first, string second, int firstWins, int secondWins, int ties) =>
        Enumerable.Repeat(ArenaOutcomes.A, firstWins).Concat(Enumerable.Repeat(ArenaOutcomes.B, secondWins)).Concat(Enumerable.Repeat(ArenaOutcomes.Tie, ties))
            .Select(outcome => Battle(first, second, outcome));

    private static ArenaBattle Battle(string a, string b, string outcome) =>
        new(Guid.NewGuid().ToString("N"), "acct", At, "p", a, b, outcome, At);
}
