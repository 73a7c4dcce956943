using System.Numerics.Tensors;

namespace Augur.Engine.Sampling;

public sealed partial class Sampler
{
    /// <summary>
    /// Steps 3–7: temperature, top-k, softmax, top-p, min-p. Leaves unnormalised probabilities either in place in
    /// <paramref name="logits"/> (every token is a candidate) or in <c>_ids/_weights</c>.
    /// </summary>
    private CandidateSet BuildCandidates(Span<float> logits)
    {
        float topP = _options.TopP;
        float minP = _options.MinP;

        if (_topK > 0)
        {
            // :: Top-k on the raw logits, sorted best first; the softmax then runs over k values only.
            SelectTopK(logits);
            Span<float> kept = _weights.AsSpan(0, _topK);
            double keptTotal = Softmax(kept, kept[0]);
            int count = kept.Length;
            if (topP < 1f)
                count = NucleusCount(kept, keptTotal, topP);
            if (minP > 0f)
                count = MinPCount(kept[..count], minP * kept[0]);
            return CandidateSet.Range(0, count);
        }

        double total = Softmax(logits, TensorPrimitives.Max(logits));
        if (topP == 1f && minP == 0f)
            return CandidateSet.All(total);

        // :: Without top-k, avoid sorting the vocabulary. Top-p and min-p both keep a prefix of the tokens in
        // descending order, so any token below either bound can be dropped first in one linear pass:
        // - min-p: w < min_p · w_max;
        // - top-p: the tokens with w < τ = (1 − p) · total / V hold less than (1 − p) · total together, so the
        //   tokens at or above τ already reach p and the nucleus lies among them. Half of τ leaves room for rounding.
        float threshold = minP > 0f ? minP * TensorPrimitives.Max(logits) : 0f;
        if (topP < 1f)
            threshold = MathF.Max(threshold, (float)(0.5 * (1.0 - topP) * total / _vocabSize));
        int survivors = Compact(logits, threshold);
        if (topP == 1f)
            return CandidateSet.Range(0, survivors);

        // :: Pop the most probable survivors off a heap only until they reach p.
        int first = PopNucleus(survivors, total, topP);
        return CandidateSet.Range(first, survivors - first);
    }

    /// <summary>
    /// Stable softmax numerator with temperature, in place: w = exp((l − max) / T). Returns Σ w. With a +∞ maximum
    /// the +∞ entries get 1 and the rest 0.
    /// </summary>
    private double Softmax(Span<float> values, float max)
    {
        if (float.IsNegativeInfinity(max))
            ThrowHelper.ThrowNoCandidate("logits");

        if (float.IsPositiveInfinity(max))
        {
            foreach (ref float v in values)
                v = float.IsPositiveInfinity(v) ? 1f : 0f;
        }
        else
        {
            float temperature = _options.Temperature;
            TensorPrimitives.Subtract(values, max, values);
            if (temperature != 1f)
                TensorPrimitives.Divide(values, temperature, values);
            TensorPrimitives.Exp(values, values);
        }
        return Sum(values);
    }

    /// <summary>
    /// Σ values in blocks of 256 floats added up in double. A plain float sum of 128k terms can be off by 1e-5
    /// relative when it runs scalar; the blocks keep the error near float rounding on every ISA.
    /// </summary>
    private static double Sum(ReadOnlySpan<float> values)
    {
        const int Block = 256;
        double total = 0;
        for (int i = 0; i < values.Length; i += Block)
            total += TensorPrimitives.Sum(values.Slice(i, Math.Min(Block, values.Length - i)));
        return total;
    }

    /// <summary>Keeps the <c>_topK</c> best logits in <c>_ids/_weights[0, k)</c>, best first (ties: lower id).</summary>
    private void SelectTopK(ReadOnlySpan<float> logits)
    {
        int k = _topK;
        Span<float> weights = _weights.AsSpan(0, k);
        Span<int> ids = _ids.AsSpan(0, k);
        for (int j = 0; j < k; j++)
        {
            ids[j] = j;
            weights[j] = logits[j];
        }

        // A heap with the worst kept token at its root. A later token has a higher id, so it must be strictly
        // larger than the root to displace it.
        CandidateHeap.Build<WorstFirst>(weights, ids);
        float worst = weights[0];
        int i = k;
        while ((i = FloatSearch.IndexOfGreaterThan(logits, i, worst)) < logits.Length)
        {
            weights[0] = logits[i];
            ids[0] = i;
            CandidateHeap.SiftDown<WorstFirst>(weights, ids, 0, k);
            worst = weights[0];
            i++;
        }

        // Heapsort: moving the root (worst) to the back each time leaves the best first.
        for (int size = k - 1; size > 0; size--)
        {
            CandidateHeap.Swap(weights, ids, 0, size);
            CandidateHeap.SiftDown<WorstFirst>(weights, ids, 0, size);
        }
    }

    /// <summary>The length of the shortest prefix of <paramref name="sorted"/> whose sum reaches p · total.</summary>
    private static int NucleusCount(ReadOnlySpan<float> sorted, double total, float topP)
    {
        double target = (double)topP * total;
        double cumulative = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            cumulative += sorted[i];
            if (cumulative >= target)
                return i + 1;
        }
        return sorted.Length;
    }

    /// <summary>The length of the prefix of <paramref name="sorted"/> at or above <paramref name="threshold"/>
    /// (at least 1: the first is the maximum).</summary>
    private static int MinPCount(ReadOnlySpan<float> sorted, float threshold)
    {
        int i = 1;
        while (i < sorted.Length && sorted[i] >= threshold)
            i++;
        return i;
    }

    /// <summary>Copies the tokens with weight ≥ <paramref name="threshold"/> (positive) to <c>_ids/_weights</c>,
    /// in id order.</summary>
    private int Compact(ReadOnlySpan<float> weights, float threshold)
    {
        float below = float.BitDecrement(threshold); // w ≥ threshold ⇔ w > below
        int n = 0;
        int i = 0;
        while ((i = FloatSearch.IndexOfGreaterThan(weights, i, below)) < weights.Length)
        {
            _ids[n] = i;
            _weights[n] = weights[i];
            n++;
            i++;
        }
        return n;
    }

    /// <summary>
    /// Heap-pops the best of the first <paramref name="count"/> candidates until their sum reaches p · total.
    /// Popped candidates collect at the back, so the nucleus is <c>[returned index, count)</c>.
    /// </summary>
    private int PopNucleus(int count, double total, float topP)
    {
        Span<float> weights = _weights.AsSpan(0, count);
        Span<int> ids = _ids.AsSpan(0, count);
        CandidateHeap.Build<BestFirst>(weights, ids);

        double target = (double)topP * total;
        double cumulative = 0;
        int size = count;
        while (size > 0 && cumulative < target)
        {
            cumulative += weights[0];
            size--;
            CandidateHeap.Swap(weights, ids, 0, size);
            CandidateHeap.SiftDown<BestFirst>(weights, ids, 0, size);
        }
        return size;
    }

    /// <summary>Where the candidates are: every token (weights in the logits span) or a range of <c>_ids/_weights</c>.</summary>
    private readonly struct CandidateSet
    {
        private readonly double _allTotal;

        private CandidateSet(bool isAll, int first, int count, double allTotal)
        {
            IsAll = isAll;
            First = first;
            Count = count;
            _allTotal = allTotal;
        }

        public bool IsAll { get; }

        public int First { get; }

        public int Count { get; }

        public static CandidateSet All(double total) => new(true, 0, 0, total);

        public static CandidateSet Range(int first, int count) => new(false, first, count, 0);

        /// <summary>The sum of the candidates' weights, the normaliser of the final distribution.</summary>
        public double Total(float[] weights)
        {
            if (IsAll)
                return _allTotal;
            double total = 0;
            for (int i = First; i < First + Count; i++)
                total += weights[i];
            return total;
        }
    }
}
