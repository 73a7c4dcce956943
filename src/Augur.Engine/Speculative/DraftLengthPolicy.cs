namespace Augur.Engine.Speculative;

/// <summary>
/// Chooses each sequence's draft length from measurements, not thresholds. A step's target pass costs about
/// <c>a + b·n</c> for n tokens (fitted online from measured passes), and each draft token costs <c>c</c> (measured
/// drafter time per draft token). Drafting k tokens with acceptance rate α emits <c>(1 − α^(k+1)) / (1 − α)</c> tokens
/// on average (Leviathan et al.), for the sequence's share of the fixed cost plus <c>(1 + k)·b + k·c</c>. The policy
/// picks the k with the most tokens per unit of cost: all the way down to 0 when the batch is large (the fixed cost,
/// the memory traffic, is shared already) or the acceptance low.
/// </summary>
internal sealed class DraftLengthPolicy
{
    private const double Decay = 0.95;
    private const int ProbeInterval = 16;
    private double _w, _x, _y, _xx, _xy;   // exponentially weighted sums for the fit of pass seconds on tokens
    private double _draftSeconds = 0, _draftTokens = 0;

    /// <summary>Records a target pass of <paramref name="tokens"/> tokens that took <paramref name="seconds"/>.</summary>
    public void RecordPass(int tokens, double seconds)
    {
        _w = _w * Decay + 1;
        _x = _x * Decay + tokens;
        _y = _y * Decay + seconds;
        _xx = _xx * Decay + (double)tokens * tokens;
        _xy = _xy * Decay + tokens * seconds;
    }

    /// <summary>Records drafting <paramref name="tokens"/> tokens in <paramref name="seconds"/>.</summary>
    public void RecordDraft(int tokens, double seconds)
    {
        _draftSeconds = _draftSeconds * Decay + seconds;
        _draftTokens = _draftTokens * Decay + tokens;
    }

    /// <summary>The fitted fixed cost a and per-token cost b of a pass, in seconds; a memory-bound prior until measured.</summary>
    public (double Fixed, double PerToken) PassCost()
    {
        if (_w < 3)
            return (1.0, 0.02);
        double meanX = _x / _w, meanY = _y / _w;
        double variance = _xx / _w - meanX * meanX;
        double perToken = variance > 1e-9 ? (_xy / _w - meanX * meanY) / variance : meanY / Math.Max(meanX, 1);
        perToken = Math.Max(perToken, 1e-9);
        double @fixed = Math.Max(meanY - perToken * meanX, 0);
        return (@fixed, perToken);
    }

    /// <summary>Seconds per draft token; 0 until measured.</summary>
    public double DraftCost => _draftTokens > 0 ? _draftSeconds / _draftTokens : 0;

    /// <summary>The draft length for a sequence with <paramref name="draft"/>'s acceptance, in a step of <paramref name="sequences"/> decoding sequences.</summary>
    public int Choose(DraftState draft, int sequences)
    {
        int max = draft.Options.MaxDraftTokens;
        if (!draft.Options.Adaptive)
            return max;
        int chosen = Best(draft, sequences, max);
        if (chosen > 0)
            draft.IdleSteps = 0;
        else if (++draft.IdleSteps >= ProbeInterval)
            (chosen, draft.IdleSteps) = (1, 0); // probe now and then, or a bad stretch would switch drafting off for good
        return chosen;
    }

    private int Best(DraftState draft, int sequences, int max)
    {
        (double @fixed, double perToken) = PassCost();
        double share = @fixed / Math.Max(sequences, 1), draftCost = DraftCost;
        double alpha = Math.Clamp(draft.AcceptanceRate, 0, 0.999);
        int best = 0;
        double bestRate = 1 / (share + perToken);
        for (int k = 1; k <= max; k++)
        {
            double expected = (1 - Math.Pow(alpha, k + 1)) / (1 - alpha);
            double rate = expected / (share + (1 + k) * perToken + k * draftCost);
            if (rate > bestRate)
                (best, bestRate) = (k, rate);
        }
        return best;
    }
}
