using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Security.Cryptography;

namespace Augur.Engine.Sampling;

/// <summary>
/// Picks the next token of one sequence from the model's logits. Create one per sequence and reuse it for every
/// token: it allocates its buffers once, in the constructor, and nothing per token.
/// </summary>
/// <remarks>
/// <para>The transforms run in this order, which is llama.cpp's default sampler chain without its extras (DRY,
/// typical-p, XTC, mirostat…):</para>
/// <list type="number">
/// <item>penalties over the last <see cref="SamplingOptions.PenaltyWindow"/> tokens: repetition, then frequency and
/// presence;</item>
/// <item>temperature 0: return the argmax (lowest id on ties), without drawing a random number;</item>
/// <item>temperature scaling, logits / T;</item>
/// <item>top-k (ties kept in id order);</item>
/// <item>softmax, stable (max-subtracted);</item>
/// <item>top-p: the smallest set of most probable tokens whose probability reaches p, at least one token;</item>
/// <item>min-p: drop tokens with probability below min_p × the largest probability;</item>
/// <item>renormalise what is left and draw with the seeded generator: a uniform number in [0, 1) with 53 random
/// bits against the cumulative sum, in the order the candidates are held.</item>
/// </list>
/// <para>Steps 3 and 5 are computed together as exp((l − max) / T), which equals softmax(l / T) but cannot
/// overflow for huge logits; top-k keeps the same tokens on l as on l / T because T &gt; 0. Probabilities are held
/// unnormalised until the draw.</para>
/// <para>Input rules: logits containing NaN are a bug upstream and are rejected with <see cref="ArgumentException"/>,
/// as is a row where every logit is −∞. −∞ marks a banned token (probability 0). +∞ logits share all the
/// probability equally. The logits span is used as scratch: after a call it holds intermediate values.</para>
/// <para>Memory: one int per vocabulary entry when penalties are on, and an id and a weight per vocabulary entry
/// when top-p or min-p runs without top-k (only top-k entries with top-k). Not thread-safe.</para>
/// </remarks>
public sealed partial class Sampler
{
    private readonly int _vocabSize;
    private readonly SamplingOptions _options;
    private readonly int _topK;          // 0 when off or when it would keep the whole vocabulary
    private readonly int[] _ids;         // (capacity) candidate token ids
    private readonly float[] _weights;   // (capacity) candidate logits, then unnormalised probabilities
    private readonly int[] _counts;      // (vocab) penalty window occurrences; all zero between calls
    private Xoshiro256StarStar _rng;

    /// <summary>Creates a sampler for a vocabulary of <paramref name="vocabSize"/> tokens.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The vocabulary is empty, or an option is out of range.</exception>
    public Sampler(int vocabSize, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        options.Validate();

        _vocabSize = vocabSize;
        _options = options;
        _topK = options.TopK > 0 && options.TopK < vocabSize ? options.TopK : 0;
        int capacity = options.Temperature == 0f ? 0
            : _topK > 0 ? _topK
            : options.TopP < 1f || options.MinP > 0f ? vocabSize
            : 0;
        _ids = new int[capacity];
        _weights = new float[capacity];
        _counts = options.HasPenalties ? new int[vocabSize] : [];
        Seed = options.Seed ?? RandomSeed();
        _rng = new Xoshiro256StarStar(Seed);
    }

    /// <summary>The number of tokens every logits span must hold.</summary>
    public int VocabSize => _vocabSize;

    /// <summary>The options this sampler applies.</summary>
    public SamplingOptions Options => _options;

    /// <summary>The seed in use: <see cref="SamplingOptions.Seed"/>, or the one drawn from the OS when that was null.
    /// Log it to replay a run.</summary>
    public ulong Seed { get; private set; }

    /// <summary>Restarts the random stream from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        Seed = seed;
        _rng = new Xoshiro256StarStar(seed);
    }

    /// <summary>Applies the transforms and returns the chosen token id.</summary>
    /// <param name="logits">One logit per vocabulary entry; overwritten (used as scratch).</param>
    /// <param name="previousTokens">The sequence so far (prompt and generated tokens, oldest first). Only the
    /// last <see cref="SamplingOptions.PenaltyWindow"/> are read, and only when a penalty is on.</param>
    public int Sample(Span<float> logits, ReadOnlySpan<int> previousTokens)
    {
        Prepare(logits, previousTokens);
        if (_options.Temperature == 0f)
            return ArgMax(logits);

        CandidateSet candidates = BuildCandidates(logits);
        double target = _rng.NextDouble() * candidates.Total(_weights);
        return candidates.IsAll
            ? Pick(logits, target)
            : _ids[candidates.First + Pick(_weights.AsSpan(candidates.First, candidates.Count), target)];
    }

    /// <summary>
    /// Writes the distribution <see cref="Sample"/> draws from: after all transforms, renormalised, one
    /// probability per vocabulary entry (0 outside the kept set; one-hot at the argmax for temperature 0). Draws
    /// no random number. Speculative decoding uses it for the target and draft distributions.
    /// </summary>
    /// <param name="logits">One logit per vocabulary entry; overwritten (used as scratch).</param>
    /// <param name="previousTokens">As for <see cref="Sample"/>.</param>
    /// <param name="probabilities">Receives <see cref="VocabSize"/> probabilities; may be the same span as
    /// <paramref name="logits"/>.</param>
    public void ComputeProbabilities(Span<float> logits, ReadOnlySpan<int> previousTokens, Span<float> probabilities)
    {
        if (probabilities.Length != _vocabSize)
            ThrowHelper.ThrowLengthMismatch(nameof(probabilities), probabilities.Length, _vocabSize);
        Prepare(logits, previousTokens);

        if (_options.Temperature == 0f)
        {
            int best = ArgMax(logits);
            probabilities.Clear();
            probabilities[best] = 1f;
            return;
        }

        CandidateSet candidates = BuildCandidates(logits);
        double total = candidates.Total(_weights);
        if (candidates.IsAll)
        {
            TensorPrimitives.Divide(logits, (float)total, probabilities);
            return;
        }

        probabilities.Clear();
        for (int j = candidates.First; j < candidates.First + candidates.Count; j++)
            probabilities[_ids[j]] = (float)(_weights[j] / total);
    }

    /// <summary>
    /// Draws an index with probability proportional to <paramref name="weights"/> (they need not sum to 1), from
    /// this sampler's random stream. Speculative decoding uses it for the residual distribution max(0, p − q).
    /// </summary>
    /// <exception cref="ArgumentException">A weight is negative or not finite, or all are 0.</exception>
    public int SampleFrom(ReadOnlySpan<float> weights)
    {
        if (weights.IsEmpty || TensorPrimitives.IsNaNAny(weights) || TensorPrimitives.Min(weights) < 0f)
            ThrowHelper.ThrowInvalidWeights(nameof(weights));
        float total = TensorPrimitives.Sum(weights);
        if (!(total > 0f) || float.IsPositiveInfinity(total))
            ThrowHelper.ThrowInvalidWeights(nameof(weights));
        return Pick(weights, _rng.NextDouble() * total);
    }

    /// <summary>A uniform number in [0, 1) from this sampler's random stream (for acceptance tests).</summary>
    public double NextUniform() => _rng.NextDouble();

    private void Prepare(Span<float> logits, ReadOnlySpan<int> previousTokens)
    {
        if (logits.Length != _vocabSize)
            ThrowHelper.ThrowLengthMismatch(nameof(logits), logits.Length, _vocabSize);
        if (TensorPrimitives.IsNaNAny<float>(logits))
            ThrowHelper.ThrowNaNLogit(nameof(logits));
        if (_counts.Length != 0)
            ApplyPenalties(logits, previousTokens);
    }

    /// <summary>The first index of the largest logit (+0 and −0 tie).</summary>
    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        float max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max))
            ThrowHelper.ThrowNoCandidate(nameof(logits));
        // Nothing exceeds max, so "> the float just below max" finds the first value equal to it.
        return FloatSearch.IndexOfGreaterThan(logits, 0, float.BitDecrement(max));
    }

    /// <summary>The first index whose running sum of weights exceeds <paramref name="target"/>; the last positive
    /// weight if rounding leaves the target at or past the end.</summary>
    private static int Pick(ReadOnlySpan<float> weights, double target)
    {
        double cumulative = 0;
        int lastPositive = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            if (w > 0f)
            {
                cumulative += w;
                lastPositive = i;
                if (target < cumulative)
                    return i;
            }
        }
        return lastPositive;
    }

    private static ulong RandomSeed()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
