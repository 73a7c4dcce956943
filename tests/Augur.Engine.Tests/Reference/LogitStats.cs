namespace Augur.Engine.Reference.Tests;

/// <summary>Comparisons of two logit rows and of two token sequences.</summary>
internal static class LogitStats
{
    /// <summary>Index of the largest value; the first on ties.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    /// <summary>The ids of the <paramref name="k"/> largest values, largest first (lowest id first on ties).</summary>
    public static int[] TopK(float[] values, int k) =>
        [.. Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).Take(k)];

    public static float MaxAbsDiff(float[] a, float[] b)
    {
        float max = 0;
        for (int i = 0; i < a.Length; i++)
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>Standard deviation of a row: the scale the logit tolerances are stated against.</summary>
    public static float Std(float[] values)
    {
        double mean = values.Average();
        return (float)Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    /// <summary>How many leading elements two sequences share.</summary>
    public static int CommonPrefix(int[] a, int[] b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
            n++;
        return n;
    }
}
