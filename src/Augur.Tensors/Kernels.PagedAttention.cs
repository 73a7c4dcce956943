using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Quant;

namespace Augur.Tensors;

public static partial class Kernels
{
    /// <summary>The widest head <see cref="PagedAttention(ReadOnlySpan{float}, int, int, ReadOnlySpan{Half}, ReadOnlySpan{Half}, int, ReadOnlySpan{int}, int, int, float, Span{float}, Span{float})"/> takes (its widened row lives on the stack).</summary>
    public const int MaxPagedHeadDim = 1024;

    /// <summary>
    /// <see cref="GroupedAttention"/> over a paged cache of F32 rows: position <c>j</c> lives in block
    /// <c>blocks[j / blockTokens]</c>, slot <c>j % blockTokens</c>, so its key starts at
    /// <c>keys[(blocks[j / blockTokens] · blockTokens + j % blockTokens) · rowStride]</c>. The same arithmetic in the same
    /// order as <see cref="GroupedAttention"/>: on the same rows laid out contiguously it gives the same bits.
    /// </summary>
    /// <param name="queries">The group's queries, <c>group × headDim</c>, contiguous.</param>
    /// <param name="group">Query heads per key/value head.</param>
    /// <param name="headDim">Elements per head.</param>
    /// <param name="keys">The key pool of one layer, starting at this key/value head's first element.</param>
    /// <param name="values">The value pool, laid out as <paramref name="keys"/>.</param>
    /// <param name="rowStride">Elements from one cache slot to the next (the key/value width of all heads).</param>
    /// <param name="blocks">The sequence's block ids, at least <c>⌈length / blockTokens⌉</c>.</param>
    /// <param name="blockTokens">Slots per block.</param>
    /// <param name="length">Positions attended to.</param>
    /// <param name="scale">Multiplies the scores before the softmax (usually 1/√headDim).</param>
    /// <param name="scores">Scratch of at least <c>group × length</c> floats.</param>
    /// <param name="output">The group's outputs, <c>group × headDim</c>.</param>
    public static void PagedAttention(ReadOnlySpan<float> queries, int group, int headDim, ReadOnlySpan<float> keys,
        ReadOnlySpan<float> values, int rowStride, ReadOnlySpan<int> blocks, int blockTokens, int length, float scale,
        Span<float> scores, Span<float> output)
    {
        CheckPaged(queries, group, headDim, keys.Length, values.Length, rowStride, blocks, blockTokens, length, scores, output);
        output[..(group * headDim)].Clear();
        if (length == 0)
            return;

        for (int j = 0; j < length; j++)
        {
            ReadOnlySpan<float> key = keys.Slice(PagedRow(blocks, blockTokens, rowStride, j), headDim);
            for (int g = 0; g < group; g++)
                scores[g * length + j] = HeadDot(queries.Slice(g * headDim, headDim), key) * scale;
        }
        for (int g = 0; g < group; g++)
            Softmax(scores.Slice(g * length, length));

        for (int j = 0; j < length; j++)
        {
            ReadOnlySpan<float> value = values.Slice(PagedRow(blocks, blockTokens, rowStride, j), headDim);
            for (int g = 0; g < group; g++)
                HeadMultiplyAdd(value, scores[g * length + j], output.Slice(g * headDim, headDim));
        }
    }

    /// <summary>
    /// <see cref="PagedAttention(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, ReadOnlySpan{int}, int, int, float, Span{float}, Span{float})"/>
    /// over a cache of F16 rows. Each key and value row is widened to floats once (exactly: every half is a float) and
    /// then serves the whole group, so the result has the same bits as the F32 kernel on the widened cache.
    /// </summary>
    /// <param name="queries">The group's queries, <c>group × headDim</c>, contiguous.</param>
    /// <param name="group">Query heads per key/value head.</param>
    /// <param name="headDim">Elements per head, at most <see cref="MaxPagedHeadDim"/>.</param>
    /// <param name="keys">The key pool of one layer, starting at this key/value head's first element.</param>
    /// <param name="values">The value pool, laid out as <paramref name="keys"/>.</param>
    /// <param name="rowStride">Elements from one cache slot to the next.</param>
    /// <param name="blocks">The sequence's block ids, at least <c>⌈length / blockTokens⌉</c>.</param>
    /// <param name="blockTokens">Slots per block.</param>
    /// <param name="length">Positions attended to.</param>
    /// <param name="scale">Multiplies the scores before the softmax.</param>
    /// <param name="scores">Scratch of at least <c>group × length</c> floats.</param>
    /// <param name="output">The group's outputs, <c>group × headDim</c>.</param>
    public static void PagedAttention(ReadOnlySpan<float> queries, int group, int headDim, ReadOnlySpan<Half> keys,
        ReadOnlySpan<Half> values, int rowStride, ReadOnlySpan<int> blocks, int blockTokens, int length, float scale,
        Span<float> scores, Span<float> output)
    {
        CheckPaged(queries, group, headDim, keys.Length, values.Length, rowStride, blocks, blockTokens, length, scores, output);
        if (headDim > MaxPagedHeadDim)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(headDim), $"Heads of more than {MaxPagedHeadDim} elements are not supported.");
        output[..(group * headDim)].Clear();
        if (length == 0)
            return;

        Span<float> row = stackalloc float[headDim];
        for (int j = 0; j < length; j++)
        {
            WidenHalves(keys.Slice(PagedRow(blocks, blockTokens, rowStride, j), headDim), row);
            for (int g = 0; g < group; g++)
                scores[g * length + j] = HeadDot(queries.Slice(g * headDim, headDim), row) * scale;
        }
        for (int g = 0; g < group; g++)
            Softmax(scores.Slice(g * length, length));

        for (int j = 0; j < length; j++)
        {
            WidenHalves(values.Slice(PagedRow(blocks, blockTokens, rowStride, j), headDim), row);
            for (int g = 0; g < group; g++)
                HeadMultiplyAdd(row, scores[g * length + j], output.Slice(g * headDim, headDim));
        }
    }

    /// <summary>The scalar reference of both <c>PagedAttention</c> kernels: the block lookup, then plain loops.</summary>
    internal static void PagedAttentionScalar<T>(ReadOnlySpan<float> queries, int group, int headDim, ReadOnlySpan<T> keys,
        ReadOnlySpan<T> values, int rowStride, ReadOnlySpan<int> blocks, int blockTokens, int length, float scale,
        Span<float> scores, Span<float> output)
        where T : unmanaged, INumberBase<T>
    {
        CheckPaged(queries, group, headDim, keys.Length, values.Length, rowStride, blocks, blockTokens, length, scores, output);
        for (int g = 0; g < group; g++)
        {
            Span<float> s = scores.Slice(g * length, length);
            for (int j = 0; j < length; j++)
            {
                int at = blocks[j / blockTokens] * blockTokens * rowStride + j % blockTokens * rowStride;
                float dot = 0;
                for (int d = 0; d < headDim; d++)
                    dot += queries[g * headDim + d] * float.CreateTruncating(keys[at + d]);
                s[j] = dot * scale;
            }
            SoftmaxScalar(s);
            for (int d = 0; d < headDim; d++)
            {
                float sum = 0;
                for (int j = 0; j < length; j++)
                {
                    int at = blocks[j / blockTokens] * blockTokens * rowStride + j % blockTokens * rowStride;
                    sum += s[j] * float.CreateTruncating(values[at + d]);
                }
                output[g * headDim + d] = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PagedRow(ReadOnlySpan<int> blocks, int blockTokens, int rowStride, int position)
    {
        (int block, int slot) = Math.DivRem(position, blockTokens);
        return (blocks[block] * blockTokens + slot) * rowStride;
    }

    /// <summary><paramref name="halves"/> → <paramref name="destination"/>, exactly (NaNs and infinities included).</summary>
    private static void WidenHalves(ReadOnlySpan<Half> halves, Span<float> destination)
    {
        ref ushort source = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(halves));
        ref float target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= halves.Length; i += 16)
                HalfVectors.ToSingle(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= halves.Length; i += 8)
                HalfVectors.ToSingle(Vector128.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        }
        for (; i < halves.Length; i++)
            destination[i] = (float)halves[i];
    }

    private static void CheckPaged(ReadOnlySpan<float> queries, int group, int headDim, int keysLength, int valuesLength,
        int rowStride, ReadOnlySpan<int> blocks, int blockTokens, int length, Span<float> scores, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(group, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(headDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowStride, headDim);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int used = (int)(((long)length + blockTokens - 1) / blockTokens);
        if (queries.Length < group * headDim || output.Length < group * headDim || scores.Length < (long)group * length
            || blocks.Length < used)
            throw new ArgumentException("A buffer is shorter than the group, head size and length need.");
        // The last row of a block starts (blockTokens − 1) rows after its first; the pools must hold it whole.
        long blockElements = (long)blockTokens * rowStride;
        long pool = Math.Min(keysLength, valuesLength) - headDim - (long)(blockTokens - 1) * rowStride;
        for (int b = 0; b < used; b++)
        {
            int block = blocks[b];
            if (block < 0 || block * blockElements > pool)
                throw new ArgumentOutOfRangeException(nameof(blocks), $"Block {block} lies outside the key/value pools.");
        }
    }
}
