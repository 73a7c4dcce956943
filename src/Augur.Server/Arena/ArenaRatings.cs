using Augur.Server.Storage;

namespace Augur.Server.Arena;

/// <summary>A variant's rating on the Elo scale, with its 95% bootstrap interval, and its record.</summary>
public sealed record ArenaRating(string Variant, double Rating, double Low, double High, int Battles, int Wins, int Losses, int Ties);

/// <summary>Two variants' record against each other: <see cref="First"/>'s wins, <see cref="Second"/>'s wins, ties and "both bad".</summary>
public sealed record ArenaPairRecord(string First, string Second, int Battles, int FirstWins, int SecondWins, int Ties, int BothBad)
{
    /// <summary><see cref="First"/>'s win rate, ties counting half (0.5 with no battles).</summary>
    public double FirstWinRate => Battles == 0 ? 0.5 : (FirstWins + 0.5 * (Ties + BothBad)) / Battles;
}

/// <summary>
/// Bradley-Terry ratings from arena votes, fitted by Hunter's minorization-maximization (2004), with a tie (or "both
/// bad") counted as half a win each way. Each variant also plays one virtual tie against a fixed anchor, a weak prior
/// that keeps an unbeaten or winless variant finite. Strengths are shown on the Elo scale: 1000 + 400·log10(strength).
/// Confidence intervals come from a seeded bootstrap over the votes (percentiles 2.5 and 97.5).
/// </summary>
public static class ArenaRatings
{
    private const double Base = 1000, Scale = 400;
    private const int Iterations = 200;

    /// <summary>The ratings, best first, with intervals from <paramref name="resamples"/> bootstrap fits seeded with <paramref name="seed"/>.</summary>
    public static IReadOnlyList<ArenaRating> Rate(IReadOnlyList<ArenaBattle> battles, int resamples = 200, int seed = 20260315)
    {
        ArgumentNullException.ThrowIfNull(battles);
        string[] players = [.. battles.SelectMany(b => new[] { b.VariantA, b.VariantB }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (players.Length == 0)
            return [];
        var index = players.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        var games = battles.Select(b => (A: index[b.VariantA], B: index[b.VariantB], ScoreA: ScoreOfA(b.Outcome))).ToArray();

        double[] fit = Fit(players.Length, games);
        var samples = new double[players.Length][];
        for (int p = 0; p < players.Length; p++)
            samples[p] = new double[resamples];
        var random = new Random(seed);
        var resampled = new (int A, int B, double ScoreA)[games.Length];
        for (int r = 0; r < resamples; r++)
        {
            for (int g = 0; g < games.Length; g++)
                resampled[g] = games[random.Next(games.Length)];
            double[] strengths = Fit(players.Length, resampled);
            for (int p = 0; p < players.Length; p++)
                samples[p][r] = strengths[p];
        }

        var ratings = new List<ArenaRating>();
        for (int p = 0; p < players.Length; p++)
        {
            Array.Sort(samples[p]);
            int wins = games.Count(g => (g.A == p && g.ScoreA == 1) || (g.B == p && g.ScoreA == 0));
            int losses = games.Count(g => (g.A == p && g.ScoreA == 0) || (g.B == p && g.ScoreA == 1));
            int played = games.Count(g => g.A == p || g.B == p);
            ratings.Add(new ArenaRating(players[p], Elo(fit[p]), Elo(Percentile(samples[p], 0.025)), Elo(Percentile(samples[p], 0.975)),
                played, wins, losses, played - wins - losses));
        }
        return [.. ratings.OrderByDescending(r => r.Rating).ThenBy(r => r.Variant, StringComparer.Ordinal)];
    }

    /// <summary>The record of every pair that met, the pair's variants in id order.</summary>
    public static IReadOnlyList<ArenaPairRecord> Pairs(IReadOnlyList<ArenaBattle> battles)
    {
        ArgumentNullException.ThrowIfNull(battles);
        return [.. battles
            .GroupBy(b => string.CompareOrdinal(b.VariantA, b.VariantB) <= 0 ? (b.VariantA, b.VariantB) : (b.VariantB, b.VariantA))
            .Select(g =>
            {
                (string first, string second) = g.Key;
                int firstWins = g.Count(b => Winner(b) == first), secondWins = g.Count(b => Winner(b) == second);
                return new ArenaPairRecord(first, second, g.Count(), firstWins, secondWins,
                    g.Count(b => b.Outcome == ArenaOutcomes.Tie), g.Count(b => b.Outcome == ArenaOutcomes.BothBad));
            })
            .OrderBy(p => p.First, StringComparer.Ordinal).ThenBy(p => p.Second, StringComparer.Ordinal)];
    }

    private static string? Winner(ArenaBattle b) => b.Outcome switch
    {
        ArenaOutcomes.A => b.VariantA,
        ArenaOutcomes.B => b.VariantB,
        _ => null,
    };

    private static double ScoreOfA(string? outcome) => outcome switch
    {
        ArenaOutcomes.A => 1,
        ArenaOutcomes.B => 0,
        _ => 0.5,
    };

    /// <summary>
    /// MM updates p_i ← W_i / Σ_j n_ij / (p_i + p_j), where W_i is i's score (plus ½ against the anchor of strength 1)
    /// and n_ij the games between i and j; the anchor (strength 1, one virtual tie with each) fixes the scale.
    /// </summary>
    private static double[] Fit(int count, IReadOnlyList<(int A, int B, double ScoreA)> games)
    {
        var strength = new double[count];
        Array.Fill(strength, 1.0);
        var score = new double[count];
        foreach (var (a, b, s) in games)
        {
            score[a] += s;
            score[b] += 1 - s;
        }
        var next = new double[count];
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            for (int i = 0; i < count; i++)
            {
                double denominator = 1 / (strength[i] + 1); // the anchor game
                foreach (var (a, b, _) in games)
                {
                    if (a == i || b == i)
                        denominator += 1 / (strength[a] + strength[b]);
                }
                next[i] = (score[i] + 0.5) / denominator;
            }
            Array.Copy(next, strength, count);
        }
        return strength;
    }

    private static double Elo(double strength) => Base + (Scale * Math.Log10(strength));

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 1 : sorted[Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
}
