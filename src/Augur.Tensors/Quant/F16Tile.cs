using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Quant;

/// <summary>
/// F16 weight rows times several F16 activation rows (prefill), in register tiles of 4 weight rows × 4 tokens: each
/// weight vector is widened once and used for 4 tokens, each activation vector once for 4 rows.
/// </summary>
internal static class F16Tile
{
    private const int TileRows = 4;
    private const int TileTokens = 4;
    private const int Lanes = 32;

    /// <summary>
    /// <c>y[t · yStride + r] = Σ_c W[r, c] · X[t, c]</c> for r in [0, <paramref name="rows"/>) and t in
    /// [0, <paramref name="tokens"/>), each value as <see cref="F16.Dot"/> computes it up to the order of the float sums
    /// (infinities and NaNs included: a tile that holds one is redone with <see cref="F16.Dot"/>).
    /// </summary>
    /// <param name="weights">Row 0 of the weights; row r starts at byte <c>r · rowBytes</c>.</param>
    /// <param name="rowBytes">Bytes from one weight row to the next (at least <c>2 · columns</c>).</param>
    /// <param name="rows">Weight rows to compute.</param>
    /// <param name="activations">Token 0's F16 activations; token t starts at byte <c>t · activationBytes</c>.</param>
    /// <param name="activationBytes">Bytes from one activation row to the next (at least <c>2 · columns</c>).</param>
    /// <param name="tokens">Activation rows.</param>
    /// <param name="columns">Elements per row.</param>
    /// <param name="y">The output for row 0 of token 0; other elements are left as they are.</param>
    /// <param name="yStride">Floats from one token's outputs to the next (at least <paramref name="rows"/>).</param>
    internal static void MatMulTile(
        ReadOnlySpan<byte> weights, int rowBytes, int rows, ReadOnlySpan<byte> activations, int activationBytes, int tokens, int columns,
        Span<float> y, int yStride)
    {
        Check(weights.Length, rowBytes, rows, activations.Length, activationBytes, tokens, columns, y.Length, yStride);
        int r = 0;
        if (Vector512.IsHardwareAccelerated && columns >= Lanes)
        {
            for (; r + TileRows <= rows; r += TileRows)
            {
                int t = 0;
                for (; t + TileTokens <= tokens; t += TileTokens)
                {
                    ref byte w = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), (nint)r * rowBytes);
                    ref byte x = ref Unsafe.Add(ref MemoryMarshal.GetReference(activations), (nint)t * activationBytes);
                    ref float out0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), ((nint)t * yStride) + r);
                    if (!Tile512(ref w, rowBytes, ref x, activationBytes, columns, ref out0, yStride))
                        Pairs(weights, rowBytes, r, TileRows, activations, activationBytes, t, TileTokens, columns, y, yStride);
                }

                Pairs(weights, rowBytes, r, TileRows, activations, activationBytes, t, tokens - t, columns, y, yStride);
            }
        }

        Pairs(weights, rowBytes, r, rows - r, activations, activationBytes, 0, tokens, columns, y, yStride);
    }

    // One F16.Dot per (row, token): the edges of the matrix and tiles holding infinities or NaNs.
    private static void Pairs(
        ReadOnlySpan<byte> weights, int rowBytes, int row, int rowCount, ReadOnlySpan<byte> activations, int activationBytes,
        int token, int tokenCount, int columns, Span<float> y, int yStride)
    {
        for (int r = row; r < row + rowCount; r++)
        {
            ReadOnlySpan<byte> w = weights.Slice(r * rowBytes, 2 * columns);
            for (int t = token; t < token + tokenCount; t++)
                y[(t * yStride) + r] = F16.Dot(w, activations.Slice(t * activationBytes, 2 * columns), columns);
        }
    }

    // 4 rows × 4 tokens; false when a half in the tile is an infinity or a NaN (nothing is written then).
    // The last partial vector re-reads the rows' last 32 elements with the weight lanes already summed zeroed.
    private static bool Tile512(ref byte w, int rowBytes, ref byte x, int activationBytes, int columns, ref float y, int yStride)
    {
        Vector512<float> a00 = Vector512<float>.Zero, a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        Vector512<float> a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        Vector512<ushort> top = Vector512<ushort>.Zero, keep = Vector512<ushort>.AllBitsSet;
        nuint wStride = (nuint)rowBytes, xStride = (nuint)activationBytes;
        for (int i = 0; i < columns; i += Lanes)
        {
            if (i + Lanes > columns)
            {
                keep = Vector512.GreaterThanOrEqual(Vector512<ushort>.Indices, Vector512.Create((ushort)(i - (columns - Lanes))));
                i = columns - Lanes;
            }

            nuint o = 2 * (nuint)i;
            Vector512<ushort> w0 = Vector512.LoadUnsafe(ref w, o).AsUInt16() & keep, w1 = Vector512.LoadUnsafe(ref w, o + wStride).AsUInt16() & keep;
            Vector512<ushort> w2 = Vector512.LoadUnsafe(ref w, o + (2 * wStride)).AsUInt16() & keep;
            Vector512<ushort> w3 = Vector512.LoadUnsafe(ref w, o + (3 * wStride)).AsUInt16() & keep;
            top = HalfVectors.MaxMagnitude(HalfVectors.MaxMagnitude(top, w0, w1), w2, w3);
            Vector512<float> e0 = HalfVectors.EvenFinite(w0), e1 = HalfVectors.EvenFinite(w1), e2 = HalfVectors.EvenFinite(w2), e3 = HalfVectors.EvenFinite(w3);
            Vector512<float> d0 = HalfVectors.OddFinite(w0), d1 = HalfVectors.OddFinite(w1), d2 = HalfVectors.OddFinite(w2), d3 = HalfVectors.OddFinite(w3);

            // Masked weight lanes meet activations already checked below (a special one anywhere fails the tile).
            Vector512<ushort> x0 = Vector512.LoadUnsafe(ref x, o).AsUInt16(), x1 = Vector512.LoadUnsafe(ref x, o + xStride).AsUInt16();
            top = HalfVectors.MaxMagnitude(top, x0, x1);
            Vector512<float> xe = HalfVectors.EvenFinite(x0), xo = HalfVectors.OddFinite(x0);
            a00 = Vector512.FusedMultiplyAdd(d0, xo, Vector512.FusedMultiplyAdd(e0, xe, a00));
            a10 = Vector512.FusedMultiplyAdd(d1, xo, Vector512.FusedMultiplyAdd(e1, xe, a10));
            a20 = Vector512.FusedMultiplyAdd(d2, xo, Vector512.FusedMultiplyAdd(e2, xe, a20));
            a30 = Vector512.FusedMultiplyAdd(d3, xo, Vector512.FusedMultiplyAdd(e3, xe, a30));
            xe = HalfVectors.EvenFinite(x1);
            xo = HalfVectors.OddFinite(x1);
            a01 = Vector512.FusedMultiplyAdd(d0, xo, Vector512.FusedMultiplyAdd(e0, xe, a01));
            a11 = Vector512.FusedMultiplyAdd(d1, xo, Vector512.FusedMultiplyAdd(e1, xe, a11));
            a21 = Vector512.FusedMultiplyAdd(d2, xo, Vector512.FusedMultiplyAdd(e2, xe, a21));
            a31 = Vector512.FusedMultiplyAdd(d3, xo, Vector512.FusedMultiplyAdd(e3, xe, a31));

            Vector512<ushort> x2 = Vector512.LoadUnsafe(ref x, o + (2 * xStride)).AsUInt16();
            Vector512<ushort> x3 = Vector512.LoadUnsafe(ref x, o + (3 * xStride)).AsUInt16();
            top = HalfVectors.MaxMagnitude(top, x2, x3);
            xe = HalfVectors.EvenFinite(x2);
            xo = HalfVectors.OddFinite(x2);
            a02 = Vector512.FusedMultiplyAdd(d0, xo, Vector512.FusedMultiplyAdd(e0, xe, a02));
            a12 = Vector512.FusedMultiplyAdd(d1, xo, Vector512.FusedMultiplyAdd(e1, xe, a12));
            a22 = Vector512.FusedMultiplyAdd(d2, xo, Vector512.FusedMultiplyAdd(e2, xe, a22));
            a32 = Vector512.FusedMultiplyAdd(d3, xo, Vector512.FusedMultiplyAdd(e3, xe, a32));
            xe = HalfVectors.EvenFinite(x3);
            xo = HalfVectors.OddFinite(x3);
            a03 = Vector512.FusedMultiplyAdd(d0, xo, Vector512.FusedMultiplyAdd(e0, xe, a03));
            a13 = Vector512.FusedMultiplyAdd(d1, xo, Vector512.FusedMultiplyAdd(e1, xe, a13));
            a23 = Vector512.FusedMultiplyAdd(d2, xo, Vector512.FusedMultiplyAdd(e2, xe, a23));
            a33 = Vector512.FusedMultiplyAdd(d3, xo, Vector512.FusedMultiplyAdd(e3, xe, a33));
        }

        if (Vector512.GreaterThanOrEqualAny(top, Vector512.Create(HalfVectors.InfinityBits)))
            return false;
        Store(ref y, a00, a10, a20, a30);
        Store(ref Unsafe.Add(ref y, yStride), a01, a11, a21, a31);
        Store(ref Unsafe.Add(ref y, 2 * yStride), a02, a12, a22, a32);
        Store(ref Unsafe.Add(ref y, 3 * yStride), a03, a13, a23, a33);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float y, Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3)
    {
        y = Vector512.Sum(r0);
        Unsafe.Add(ref y, 1) = Vector512.Sum(r1);
        Unsafe.Add(ref y, 2) = Vector512.Sum(r2);
        Unsafe.Add(ref y, 3) = Vector512.Sum(r3);
    }

    private static void Check(
        int weightsLength, int rowBytes, int rows, int activationsLength, int activationBytes, int tokens, int columns, int yLength, int yStride)
    {
        if (rows < 0)
            QuantThrowHelper.ThrowNegative(nameof(rows), rows);
        if (tokens < 0)
            QuantThrowHelper.ThrowNegative(nameof(tokens), tokens);
        if (columns < 0)
            QuantThrowHelper.ThrowNegative(nameof(columns), columns);
        if (rowBytes < 2 * columns)
            QuantThrowHelper.ThrowTooShort(nameof(rowBytes), 2L * columns, rowBytes);
        if (activationBytes < 2 * columns)
            QuantThrowHelper.ThrowTooShort(nameof(activationBytes), 2L * columns, activationBytes);
        if (yStride < rows)
            QuantThrowHelper.ThrowTooShort(nameof(yStride), rows, yStride);
        if (rows > 0 && ((long)(rows - 1) * rowBytes) + (2L * columns) > weightsLength)
            QuantThrowHelper.ThrowTooShort("weights", ((long)(rows - 1) * rowBytes) + (2L * columns), weightsLength);
        if (tokens > 0 && ((long)(tokens - 1) * activationBytes) + (2L * columns) > activationsLength)
            QuantThrowHelper.ThrowTooShort("activations", ((long)(tokens - 1) * activationBytes) + (2L * columns), activationsLength);
        if (rows > 0 && tokens > 0 && ((long)(tokens - 1) * yStride) + rows > yLength)
            QuantThrowHelper.ThrowTooShort("y", ((long)(tokens - 1) * yStride) + rows, yLength);
    }
}
