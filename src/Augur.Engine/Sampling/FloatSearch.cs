using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Engine.Sampling;

/// <summary>
/// A vectorised forward search over a row of floats. The sampler's linear passes over the vocabulary (argmax,
/// top-k streaming, threshold compaction) hit rarely, so skipping 16 floats per compare is where their time goes.
/// </summary>
internal static class FloatSearch
{
    /// <summary>
    /// The first index at or after <paramref name="start"/> whose value is greater than <paramref name="threshold"/>,
    /// or <c>values.Length</c> when there is none. For "≥ t" pass <c>float.BitDecrement(t)</c>. NaN never matches.
    /// </summary>
    public static int IndexOfGreaterThan(ReadOnlySpan<float> values, int start, float threshold)
    {
        ref float origin = ref MemoryMarshal.GetReference(values);
        int length = values.Length;
        int i = start;

        if (Vector512.IsHardwareAccelerated && length - i >= Vector512<float>.Count)
        {
            Vector512<float> bound = Vector512.Create(threshold);
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                ulong mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref origin, (nuint)i), bound).ExtractMostSignificantBits();
                if (mask != 0)
                    return i + BitOperations.TrailingZeroCount(mask);
            }
        }
        else if (Vector256.IsHardwareAccelerated && length - i >= Vector256<float>.Count)
        {
            Vector256<float> bound = Vector256.Create(threshold);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                uint mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref origin, (nuint)i), bound).ExtractMostSignificantBits();
                if (mask != 0)
                    return i + BitOperations.TrailingZeroCount(mask);
            }
        }
        else if (Vector128.IsHardwareAccelerated && length - i >= Vector128<float>.Count)
        {
            Vector128<float> bound = Vector128.Create(threshold);
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                uint mask = Vector128.GreaterThan(Vector128.LoadUnsafe(ref origin, (nuint)i), bound).ExtractMostSignificantBits();
                if (mask != 0)
                    return i + BitOperations.TrailingZeroCount(mask);
            }
        }

        // Scalar: the tail, short rows, and the reference the vector paths must agree with.
        for (; i < length; i++)
        {
            if (values[i] > threshold)
                return i;
        }
        return length;
    }
}
