using Augur.Engine.Kv;
using Augur.Engine.Sampling;

namespace Augur.Engine.Speculative;

/// <summary>
/// One sequence's speculation: its options, its draft of this step (tokens, and the draft distribution of each when
/// the drafter samples), its logits rows in the pass, its measured acceptance, and the drafter's own state.
/// </summary>
internal sealed class DraftState
{
    private float[] _distributions = [];

    public DraftState(SpeculativeOptions options, int vocabSize)
    {
        Options = options;
        VocabSize = vocabSize;
        Tokens = new int[options.MaxDraftTokens];
    }

    public SpeculativeOptions Options { get; }

    public int VocabSize { get; }

    /// <summary>Most draft tokens this step may take (set by the scheduler; 0: no speculation this step).</summary>
    public int Limit { get; set; }

    /// <summary>The draft of this step: <see cref="Count"/> tokens.</summary>
    public int[] Tokens { get; }

    public int Count { get; set; }

    /// <summary>Whether <see cref="Distribution"/> holds each draft token's q; otherwise q is a point mass.</summary>
    public bool HasDistributions { get; set; }

    /// <summary>Row of the first draft token's logits in the pass.</summary>
    public int FirstRow { get; set; }

    /// <summary>Acceptance measured so far, as pseudo-counts (a prior of 0.6 worth 5 tries).</summary>
    public double Accepted { get; set; } = 3;

    public double Tried { get; set; } = 5;

    public double AcceptanceRate => Accepted / Tried;

    /// <summary>Steps in a row the policy chose not to draft.</summary>
    public int IdleSteps { get; set; }

    /// <summary>The draft model's place in its own KV cache, once it drafted for this sequence.</summary>
    public BlockTable? DraftTable { get; set; }

    /// <summary>The draft model's sampler (same options, its own random stream).</summary>
    public Sampler? DraftSampler { get; set; }

    /// <summary>q of draft token <paramref name="index"/> (vocabulary-sized), allocated on first use.</summary>
    public Span<float> Distribution(int index)
    {
        if (_distributions.Length == 0)
            _distributions = new float[Tokens.Length * VocabSize];
        return _distributions.AsSpan(index * VocabSize, VocabSize);
    }

    /// <summary>Records a verification: <paramref name="accepted"/> of <see cref="Count"/> drafts taken, with a decay so that acceptance tracks the text.</summary>
    public void Record(int accepted)
    {
        const double Decay = 0.9;
        int tried = Math.Min(Count, accepted + 1); // positions after the first rejection were never judged
        Accepted = Accepted * Decay + accepted;
        Tried = Tried * Decay + tried;
    }
}
