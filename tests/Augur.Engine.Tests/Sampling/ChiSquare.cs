namespace Augur.Engine.Sampling.Tests;

/// <summary>Pearson's chi-square goodness-of-fit test, with the p-value from the regularised upper incomplete gamma
/// function Q(df/2, χ²/2) (series for small x, Lentz's continued fraction otherwise).</summary>
internal static class ChiSquare
{
    /// <summary>The p-value of <paramref name="observed"/> counts against <paramref name="expected"/> probabilities,
    /// over the cells with positive expected probability.</summary>
    public static double PValue(long[] observed, double[] expected)
    {
        long n = observed.Sum();
        double statistic = 0;
        int cells = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] <= 0)
                continue;
            double e = expected[i] * n;
            statistic += (observed[i] - e) * (observed[i] - e) / e;
            cells++;
        }
        return UpperTail(statistic, cells - 1);
    }

    /// <summary>
    /// The p-value of the chi-square test of homogeneity for two samples of counts over the same categories (the keys
    /// of either). Categories whose expected count is below 5 in either sample are pooled into one.
    /// </summary>
    public static double TwoSamplePValue<T>(IReadOnlyDictionary<T, long> first, IReadOnlyDictionary<T, long> second) where T : notnull
    {
        double n1 = first.Values.Sum(), n2 = second.Values.Sum();
        var cells = new List<(double A, double B)>();
        double pooledA = 0, pooledB = 0;
        foreach (T key in first.Keys.Union(second.Keys))
        {
            double a = first.GetValueOrDefault(key), b = second.GetValueOrDefault(key);
            double total = a + b;
            if (total * n1 / (n1 + n2) < 5 || total * n2 / (n1 + n2) < 5)
                (pooledA, pooledB) = (pooledA + a, pooledB + b);
            else
                cells.Add((a, b));
        }
        if (pooledA + pooledB > 0)
            cells.Add((pooledA, pooledB));
        if (cells.Count < 2)
            return 1;

        double statistic = 0;
        foreach ((double a, double b) in cells)
        {
            double total = a + b;
            double e1 = total * n1 / (n1 + n2), e2 = total * n2 / (n1 + n2);
            statistic += (a - e1) * (a - e1) / e1 + (b - e2) * (b - e2) / e2;
        }
        return UpperTail(statistic, cells.Count - 1);
    }

    /// <summary>P(X ≥ <paramref name="statistic"/>) for X ~ χ²(<paramref name="degreesOfFreedom"/>).</summary>
    public static double UpperTail(double statistic, int degreesOfFreedom) =>
        RegularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2.0);

    private static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0)
            return 1;
        double logPrefix = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 1000 && Math.Abs(term) > Math.Abs(sum) * 1e-16; n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - sum * Math.Exp(logPrefix);
        }

        const double Tiny = 1e-300;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + an / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
                break;
        }
        return Math.Exp(logPrefix) * h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, nine coefficients).</summary>
    private static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < c.Length; i++)
            sum += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
