using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// The per-pair angular speeds of rotary position embedding, computed once per model:
    /// <c>destination[i] = base^(−2i/ropeDims) / freqFactors[i] / linearScale</c> for <c>i &lt; ropeDims/2</c>, so that
    /// pair <c>i</c> at position <c>p</c> turns by <c>p · destination[i]</c> radians, as ggml's <c>rope_ext</c> computes
    /// it with <c>freq_scale = 1/linearScale</c> and no YaRN extrapolation.
    /// </summary>
    /// <param name="ropeDims">Rotated dimensions per head (even, ≤ head dim).</param>
    /// <param name="freqBase">θ base, e.g. 10000.</param>
    /// <param name="freqFactors">Empty, or one divisor per pair (llama 3's <c>rope_freqs.weight</c>).</param>
    /// <param name="linearScale">Linear position scaling: positions are divided by it; 1 means none.</param>
    /// <param name="destination">Receives <paramref name="ropeDims"/>/2 values.</param>
    public static void RopeInverseFrequencies(
        int ropeDims, float freqBase, ReadOnlySpan<float> freqFactors, float linearScale, Span<float> destination)
    {
        if (ropeDims <= 0 || ropeDims % 2 != 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(ropeDims), "RoPE dimensions must be positive and even.");
        int pairs = ropeDims / 2;
        if (!freqFactors.IsEmpty && freqFactors.Length != pairs)
            ThrowHelper.ThrowLengthMismatch(nameof(freqFactors));
        if (destination.Length < pairs)
            ThrowHelper.ThrowDestinationTooShort();

        for (int i = 0; i < pairs; i++)
        {
            double speed = Math.Pow(freqBase, -2.0 * i / ropeDims) / linearScale;
            if (!freqFactors.IsEmpty)
                speed /= freqFactors[i];
            destination[i] = (float)speed;
        }
    }

    /// <summary>
    /// Cosines and sines of the rotation angles at <paramref name="position"/>: <c>angle[i] = position · inverseFrequencies[i]</c>.
    /// Computed once per token and shared by every head and layer.
    /// </summary>
    public static void RopeCosSin(ReadOnlySpan<float> inverseFrequencies, int position, Span<float> cos, Span<float> sin)
    {
        if (cos.Length < inverseFrequencies.Length)
            ThrowHelper.ThrowDestinationTooShort(nameof(cos));
        if (sin.Length < inverseFrequencies.Length)
            ThrowHelper.ThrowDestinationTooShort(nameof(sin));
        for (int i = 0; i < inverseFrequencies.Length; i++)
        {
            float angle = position * inverseFrequencies[i];
            (sin[i], cos[i]) = MathF.SinCos(angle);
        }
    }

    /// <summary>
    /// Rotates every head of <paramref name="heads"/> (consecutive vectors of <paramref name="headDim"/>) in place:
    /// the first <c>2 · cos.Length</c> dimensions of each head turn pair by pair, the rest stay as they are.
    /// </summary>
    public static void ApplyRope(Span<float> heads, int headDim, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, RopeStyle style)
    {
        if (headDim <= 0 || heads.Length % headDim != 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(headDim), "The span must hold whole heads.");
        for (int offset = 0; offset < heads.Length; offset += headDim)
            ApplyRope(heads.Slice(offset, headDim), cos, sin, style);
    }

    /// <summary>
    /// Rotates one head vector in place by the angles whose <paramref name="cos"/> and <paramref name="sin"/> are given
    /// (from <see cref="RopeCosSin"/>): pair <c>i</c> becomes <c>(a·cos − b·sin, a·sin + b·cos)</c>, where the pair is
    /// <c>(2i, 2i+1)</c> for <see cref="RopeStyle.Normal"/> and <c>(i, i + ropeDims/2)</c> for <see cref="RopeStyle.NeoX"/>.
    /// </summary>
    public static void ApplyRope(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, RopeStyle style)
    {
        int pairs = cos.Length;
        if (sin.Length != pairs)
            ThrowHelper.ThrowLengthMismatch(nameof(sin));
        if (2 * pairs > head.Length)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(cos), "More rotated dimensions than the head has.");

        if (style == RopeStyle.NeoX)
            RopeNeoX(head, cos, sin);
        else
            RopeNormalScalar(head, cos, sin);
    }

    /// <summary>Scalar reference of <see cref="ApplyRope(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, RopeStyle)"/>.</summary>
    internal static void ApplyRopeScalar(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, RopeStyle style)
    {
        if (style == RopeStyle.Normal)
        {
            RopeNormalScalar(head, cos, sin);
            return;
        }
        int half = cos.Length;
        for (int i = 0; i < half; i++)
        {
            float a = head[i], b = head[i + half];
            head[i] = a * cos[i] - b * sin[i];
            head[i + half] = a * sin[i] + b * cos[i];
        }
    }

    private static void RopeNormalScalar(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        for (int i = 0; i < cos.Length; i++)
        {
            float a = head[2 * i], b = head[2 * i + 1];
            head[2 * i] = a * cos[i] - b * sin[i];
            head[2 * i + 1] = a * sin[i] + b * cos[i];
        }
    }

    private static void RopeNeoX(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        int half = cos.Length, i = 0;
        ref float first = ref MemoryMarshal.GetReference(head);
        ref float second = ref MemoryMarshal.GetReference(head[half..]);
        ref float c = ref MemoryMarshal.GetReference(cos);
        ref float s = ref MemoryMarshal.GetReference(sin);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= half - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> a = Vector256.LoadUnsafe(ref first, (nuint)i), b = Vector256.LoadUnsafe(ref second, (nuint)i);
                Vector256<float> vc = Vector256.LoadUnsafe(ref c, (nuint)i), vs = Vector256.LoadUnsafe(ref s, (nuint)i);
                (a * vc - b * vs).StoreUnsafe(ref first, (nuint)i);
                (a * vs + b * vc).StoreUnsafe(ref second, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= half - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> a = Vector128.LoadUnsafe(ref first, (nuint)i), b = Vector128.LoadUnsafe(ref second, (nuint)i);
                Vector128<float> vc = Vector128.LoadUnsafe(ref c, (nuint)i), vs = Vector128.LoadUnsafe(ref s, (nuint)i);
                (a * vc - b * vs).StoreUnsafe(ref first, (nuint)i);
                (a * vs + b * vc).StoreUnsafe(ref second, (nuint)i);
            }
        }
        for (; i < half; i++)
        {
            float a = head[i], b = head[i + half];
            head[i] = a * cos[i] - b * sin[i];
            head[i + half] = a * sin[i] + b * cos[i];
        }
    }
}
