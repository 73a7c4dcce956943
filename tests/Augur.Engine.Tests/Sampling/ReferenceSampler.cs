namespace Augur.Engine.Sampling.Tests;

/// <summary>
/// A deliberately plain, double-precision statement of the sampling chain, written from the definitions rather than
/// from <see cref="Sampler"/>: penalties with a dictionary, then full sorts for top-k and top-p. Tests compare the
/// sampler's distribution to it.
/// </summary>
internal static class ReferenceSampler
{
    public static double[] ApplyPenalties(float[] logits, int[] previousTokens, SamplingOptions options)
    {
        double[] result = Array.ConvertAll(logits, x => (double)x);
        int window = options.PenaltyWindow;
        if (window == 0)
            return result;
        int start = window < 0 ? 0 : Math.Max(0, previousTokens.Length - window);
        var counts = new Dictionary<int, int>();
        for (int i = start; i < previousTokens.Length; i++)
            counts[previousTokens[i]] = counts.GetValueOrDefault(previousTokens[i]) + 1;

        foreach ((int token, int count) in counts)
        {
            double logit = result[token];
            logit = logit > 0 ? logit / options.RepetitionPenalty : logit * options.RepetitionPenalty;
            logit -= count * (double)options.FrequencyPenalty + options.PresencePenalty;
            result[token] = logit;
        }
        return result;
    }

    /// <summary>The distribution the chain draws from, one probability per token.</summary>
    public static double[] Distribution(float[] logits, SamplingOptions options, int[]? previousTokens = null)
    {
        double[] penalised = ApplyPenalties(logits, previousTokens ?? [], options);
        int vocab = penalised.Length;
        var probabilities = new double[vocab];

        if (options.Temperature == 0)
        {
            int best = 0;
            for (int i = 1; i < vocab; i++)
                if (penalised[i] > penalised[best])
                    best = i;
            probabilities[best] = 1;
            return probabilities;
        }

        double[] scaled = Array.ConvertAll(penalised, x => x / options.Temperature);
        int[] order = Enumerable.Range(0, vocab)
            .OrderByDescending(i => scaled[i]).ThenBy(i => i).ToArray();

        int kept = options.TopK > 0 ? Math.Min(options.TopK, vocab) : vocab;
        order = order[..kept];

        // Softmax over the kept tokens (+∞ logits share everything).
        double max = scaled[order[0]];
        double[] p = double.IsPositiveInfinity(max)
            ? order.Select(i => double.IsPositiveInfinity(scaled[i]) ? 1.0 : 0.0).ToArray()
            : order.Select(i => Math.Exp(scaled[i] - max)).ToArray();
        double sum = p.Sum();
        for (int j = 0; j < p.Length; j++)
            p[j] /= sum;

        if (options.TopP < 1)
        {
            double cumulative = 0;
            int cut = p.Length;
            for (int j = 0; j < p.Length; j++)
            {
                cumulative += p[j];
                if (cumulative >= options.TopP)
                {
                    cut = j + 1;
                    break;
                }
            }
            p = p[..cut];
        }

        if (options.MinP > 0)
        {
            double threshold = options.MinP * p[0];
            p = p.TakeWhile(x => x >= threshold).ToArray();
        }

        double keptSum = p.Sum();
        for (int j = 0; j < p.Length; j++)
            probabilities[order[j]] = p[j] / keptSum;
        return probabilities;
    }

    /// <summary>Normally distributed logits (Box–Muller) with the given spread, from a seeded <see cref="Random"/>.</summary>
    public static float[] RandomLogits(int vocab, int seed, double spread = 3.0)
    {
        var random = new Random(seed);
        var logits = new float[vocab];
        for (int i = 0; i < vocab; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            logits[i] = (float)(spread * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return logits;
    }
}
