using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>
    /// Attention of the query heads that share one key/value head (grouped-query attention) for one token:
    /// for each query g, <c>output[g] = Σ_j softmax_j(scale · q[g] · k[j]) · v[j]</c> over cache positions
    /// <c>j &lt; length</c>. Each key and value row is read once for the whole group.
    /// </summary>
    /// <param name="queries">The group's queries, <c>group × headDim</c>, contiguous.</param>
    /// <param name="group">Query heads per key/value head.</param>
    /// <param name="headDim">Elements per head.</param>
    /// <param name="keys">Key j at <c>keys[j · rowStride ..]</c>, <paramref name="headDim"/> elements.</param>
    /// <param name="values">Value j at <c>values[j · rowStride ..]</c>.</param>
    /// <param name="rowStride">Elements from one cache position to the next.</param>
    /// <param name="length">Positions attended to.</param>
    /// <param name="scale">Multiplies the scores before the softmax (usually 1/√headDim).</param>
    /// <param name="scores">Scratch of at least <c>group × length</c> floats.</param>
    /// <param name="output">The group's outputs, <c>group × headDim</c>.</param>
    public static void GroupedAttention(ReadOnlySpan<float> queries, int group, int headDim, ReadOnlySpan<float> keys,
        ReadOnlySpan<float> values, int rowStride, int length, float scale, Span<float> scores, Span<float> output)
    {
        CheckAttention(queries, group, headDim, keys, values, rowStride, length, scores, output);
        if (length == 0)
        {
            output[..(group * headDim)].Clear();
            return;
        }

        for (int j = 0; j < length; j++)
        {
            ReadOnlySpan<float> key = keys.Slice(j * rowStride, headDim);
            for (int g = 0; g < group; g++)
                scores[g * length + j] = HeadDot(queries.Slice(g * headDim, headDim), key) * scale;
        }
        for (int g = 0; g < group; g++)
            Softmax(scores.Slice(g * length, length));

        output[..(group * headDim)].Clear();
        for (int j = 0; j < length; j++)
        {
            ReadOnlySpan<float> value = values.Slice(j * rowStride, headDim);
            for (int g = 0; g < group; g++)
                HeadMultiplyAdd(value, scores[g * length + j], output.Slice(g * headDim, headDim));
        }
    }

    /// <summary>The scalar reference of <see cref="GroupedAttention"/>.</summary>
    internal static void GroupedAttentionScalar(ReadOnlySpan<float> queries, int group, int headDim, ReadOnlySpan<float> keys,
        ReadOnlySpan<float> values, int rowStride, int length, float scale, Span<float> scores, Span<float> output)
    {
        CheckAttention(queries, group, headDim, keys, values, rowStride, length, scores, output);
        for (int g = 0; g < group; g++)
        {
            Span<float> s = scores.Slice(g * length, length);
            for (int j = 0; j < length; j++)
            {
                float dot = 0;
                for (int d = 0; d < headDim; d++)
                    dot += queries[g * headDim + d] * keys[j * rowStride + d];
                s[j] = dot * scale;
            }
            SoftmaxScalar(s);
            for (int d = 0; d < headDim; d++)
            {
                float sum = 0;
                for (int j = 0; j < length; j++)
                    sum += s[j] * values[j * rowStride + d];
                output[g * headDim + d] = sum;
            }
        }
    }

    // Inlined for the head sizes models use (multiples of 16 up to 256): a call per key to TensorPrimitives cost more
    // than the arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HeadDot(ReadOnlySpan<float> q, ReadOnlySpan<float> k)
    {
        if (!Vector512.IsHardwareAccelerated || q.Length % 16 != 0)
            return TensorPrimitives.Dot(q, k);
        ref float pq = ref MemoryMarshal.GetReference(q);
        ref float pk = ref MemoryMarshal.GetReference(k);
        Vector512<float> acc = Vector512.LoadUnsafe(ref pq) * Vector512.LoadUnsafe(ref pk);
        for (int d = 16; d < q.Length; d += 16)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pq, (nuint)d), Vector512.LoadUnsafe(ref pk, (nuint)d), acc);
        return Vector512.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HeadMultiplyAdd(ReadOnlySpan<float> v, float weight, Span<float> output)
    {
        if (!Vector512.IsHardwareAccelerated || v.Length % 16 != 0)
        {
            TensorPrimitives.MultiplyAdd(v, weight, output, output);
            return;
        }
        ref float pv = ref MemoryMarshal.GetReference(v);
        ref float po = ref MemoryMarshal.GetReference(output);
        Vector512<float> w = Vector512.Create(weight);
        for (int d = 0; d < v.Length; d += 16)
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pv, (nuint)d), w, Vector512.LoadUnsafe(ref po, (nuint)d)).StoreUnsafe(ref po, (nuint)d);
    }

    private static void CheckAttention(ReadOnlySpan<float> queries, int group, int headDim, ReadOnlySpan<float> keys,
        ReadOnlySpan<float> values, int rowStride, int length, Span<float> scores, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(group, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(headDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowStride, headDim);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long cache = length == 0 ? 0 : (long)(length - 1) * rowStride + headDim;
        if (queries.Length < group * headDim || output.Length < group * headDim || scores.Length < (long)group * length
            || keys.Length < cache || values.Length < cache)
            throw new ArgumentException("A buffer is shorter than the group, head size and length need.");
    }
}
