namespace Augur.Engine.Sampling;

/// <summary>An order between candidates (weight, token id); the candidate that comes first sits at the heap root.</summary>
internal interface ICandidateOrder
{
    static abstract bool Before(float weight, int id, float otherWeight, int otherId);
}

/// <summary>Best first: higher weight, then lower id. The sampler's total order for "most probable".</summary>
internal readonly struct BestFirst : ICandidateOrder
{
    public static bool Before(float weight, int id, float otherWeight, int otherId) =>
        weight > otherWeight || (weight == otherWeight && id < otherId);
}

/// <summary>Worst first: the reverse of <see cref="BestFirst"/>.</summary>
internal readonly struct WorstFirst : ICandidateOrder
{
    public static bool Before(float weight, int id, float otherWeight, int otherId) =>
        weight < otherWeight || (weight == otherWeight && id > otherId);
}

/// <summary>A binary heap over two parallel spans (weights and token ids), ordered by the <see cref="ICandidateOrder"/>
/// given at each call. No allocation; the caller owns the storage.</summary>
internal static class CandidateHeap
{
    public static void Build<TOrder>(Span<float> weights, Span<int> ids)
        where TOrder : struct, ICandidateOrder
    {
        for (int i = weights.Length / 2 - 1; i >= 0; i--)
            SiftDown<TOrder>(weights, ids, i, weights.Length);
    }

    /// <summary>Restores the heap property below <paramref name="i"/> in the first <paramref name="size"/> entries.</summary>
    public static void SiftDown<TOrder>(Span<float> weights, Span<int> ids, int i, int size)
        where TOrder : struct, ICandidateOrder
    {
        float weight = weights[i];
        int id = ids[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size)
                break;
            if (child + 1 < size && TOrder.Before(weights[child + 1], ids[child + 1], weights[child], ids[child]))
                child++;
            if (!TOrder.Before(weights[child], ids[child], weight, id))
                break;
            weights[i] = weights[child];
            ids[i] = ids[child];
            i = child;
        }
        weights[i] = weight;
        ids[i] = id;
    }

    public static void Swap(Span<float> weights, Span<int> ids, int a, int b)
    {
        (weights[a], weights[b]) = (weights[b], weights[a]);
        (ids[a], ids[b]) = (ids[b], ids[a]);
    }
}
