using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Engine.Lora;

/// <summary>
/// The two small matrix products of <see cref="LoraJob"/>, over a block of one adapter's tokens, register-blocked
/// (several tokens and rank rows per pass over the data). Each output element is still one chain in a fixed order that
/// depends neither on the block's size nor on where the token lies in it, so a token gets the same bits in any batch:
/// <list type="bullet">
/// <item>A·x: fused multiply-adds into one 8-lane accumulator over the input in order, its lanes summed
/// (<see cref="Vector256.Sum{T}(Vector256{T})"/>), then the last <c>width mod 8</c> products fused in order;</item>
/// <item>y += u·Bᵀ: <c>y ← fma(uⱼ, Bᵀⱼ, y)</c> for j = 0 … rank − 1 in order, per element.</item>
/// </list>
/// The blocked and the single-token paths compute exactly these chains. Without 256-bit vectors every chain is scalar.
/// </summary>
internal static class LoraKernels
{
    /// <summary>
    /// <c>u[i·uStride + r] = A[r] · x(tokens[i])</c> for the <paramref name="rows"/> rows of <paramref name="a"/>
    /// (each <paramref name="inputWidth"/> long) and each token of the block, x(t) being row t of <paramref name="input"/>.
    /// </summary>
    public static void ProjectDown(ReadOnlySpan<float> a, int rows, int inputWidth, float[] input, ReadOnlySpan<int> tokens, Span<float> u, int uStride)
    {
        int r = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r + 2 <= rows; r += 2)
            {
                ReadOnlySpan<float> a0 = a.Slice(r * inputWidth, inputWidth), a1 = a.Slice((r + 1) * inputWidth, inputWidth);
                int i = 0;
                for (; i + 4 <= tokens.Length; i += 4)
                {
                    Dot4x2(a0, a1, input.AsSpan(tokens[i] * inputWidth, inputWidth), input.AsSpan(tokens[i + 1] * inputWidth, inputWidth),
                        input.AsSpan(tokens[i + 2] * inputWidth, inputWidth), input.AsSpan(tokens[i + 3] * inputWidth, inputWidth), u.Slice(i * uStride + r), uStride);
                }
                for (; i < tokens.Length; i++)
                {
                    ReadOnlySpan<float> x = input.AsSpan(tokens[i] * inputWidth, inputWidth);
                    u[i * uStride + r] = Dot(a0, x);
                    u[i * uStride + r + 1] = Dot(a1, x);
                }
            }
        }
        for (; r < rows; r++)
        {
            for (int i = 0; i < tokens.Length; i++)
                u[i * uStride + r] = Dot(a.Slice(r * inputWidth, inputWidth), input.AsSpan(tokens[i] * inputWidth, inputWidth));
        }
    }

    /// <summary>
    /// For each token of the block: columns [column, column + w) of its output row (width <paramref name="width"/>)
    /// += Σⱼ u[i·uStride + j]·Bᵀ[j, ·], j = 0 … rank − 1 in order, <paramref name="chunk"/> being that chunk of Bᵀ
    /// (rank, w) row-major, rank = chunk length / w.
    /// </summary>
    public static void ProjectUp(ReadOnlySpan<float> chunk, int width, int column, ReadOnlySpan<float> u, int uStride, float[] output, ReadOnlySpan<int> tokens)
    {
        int columns = Math.Min(LoraAdapter.ColumnChunk, width - column), rank = chunk.Length / columns;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 2 <= tokens.Length; i += 2)
            {
                AddRows2(chunk, columns, u.Slice(i * uStride, rank), u.Slice((i + 1) * uStride, rank),
                    output.AsSpan(tokens[i] * width + column, columns), output.AsSpan(tokens[i + 1] * width + column, columns));
            }
        }
        for (; i < tokens.Length; i++)
            AddRow(chunk, columns, u.Slice(i * uStride, rank), output.AsSpan(tokens[i] * width + column, columns), 0);
    }

    /// <summary>The chain of one dot product (see the class).</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> x)
    {
        int n = a.Length, k = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float ra = ref MemoryMarshal.GetReference(a);
            ref float rx = ref MemoryMarshal.GetReference(x[..n]);
            Vector256<float> acc = Vector256<float>.Zero;
            for (; k + 8 <= n; k += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)k), Vector256.LoadUnsafe(ref rx, (nuint)k), acc);
            sum = Vector256.Sum(acc);
        }
        for (; k < n; k++)
            sum = MathF.FusedMultiplyAdd(a[k], x[k], sum);
        return sum;
    }

    /// <summary>Two rows by four tokens: the eight chains of <see cref="Dot"/>, sharing the loads.</summary>
    private static void Dot4x2(ReadOnlySpan<float> a0, ReadOnlySpan<float> a1, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1,
        ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<float> u, int uStride)
    {
        int n = a0.Length, k = 0;
        ref float ra0 = ref MemoryMarshal.GetReference(a0[..n]), ra1 = ref MemoryMarshal.GetReference(a1[..n]);
        ref float rx0 = ref MemoryMarshal.GetReference(x0[..n]), rx1 = ref MemoryMarshal.GetReference(x1[..n]);
        ref float rx2 = ref MemoryMarshal.GetReference(x2[..n]), rx3 = ref MemoryMarshal.GetReference(x3[..n]);
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
        for (; k + 8 <= n; k += 8)
        {
            Vector256<float> va0 = Vector256.LoadUnsafe(ref ra0, (nuint)k), va1 = Vector256.LoadUnsafe(ref ra1, (nuint)k);
            Vector256<float> v = Vector256.LoadUnsafe(ref rx0, (nuint)k);
            s00 = Vector256.FusedMultiplyAdd(va0, v, s00);
            s10 = Vector256.FusedMultiplyAdd(va1, v, s10);
            v = Vector256.LoadUnsafe(ref rx1, (nuint)k);
            s01 = Vector256.FusedMultiplyAdd(va0, v, s01);
            s11 = Vector256.FusedMultiplyAdd(va1, v, s11);
            v = Vector256.LoadUnsafe(ref rx2, (nuint)k);
            s02 = Vector256.FusedMultiplyAdd(va0, v, s02);
            s12 = Vector256.FusedMultiplyAdd(va1, v, s12);
            v = Vector256.LoadUnsafe(ref rx3, (nuint)k);
            s03 = Vector256.FusedMultiplyAdd(va0, v, s03);
            s13 = Vector256.FusedMultiplyAdd(va1, v, s13);
        }
        u[0] = Tail(a0, x0, k, Vector256.Sum(s00));
        u[1] = Tail(a1, x0, k, Vector256.Sum(s10));
        u[uStride] = Tail(a0, x1, k, Vector256.Sum(s01));
        u[uStride + 1] = Tail(a1, x1, k, Vector256.Sum(s11));
        u[2 * uStride] = Tail(a0, x2, k, Vector256.Sum(s02));
        u[2 * uStride + 1] = Tail(a1, x2, k, Vector256.Sum(s12));
        u[3 * uStride] = Tail(a0, x3, k, Vector256.Sum(s03));
        u[3 * uStride + 1] = Tail(a1, x3, k, Vector256.Sum(s13));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(ReadOnlySpan<float> a, ReadOnlySpan<float> x, int k, float sum)
    {
        for (; k < a.Length; k++)
            sum = MathF.FusedMultiplyAdd(a[k], x[k], sum);
        return sum;
    }

    /// <summary>Two tokens' rows: the chains of <see cref="AddRow"/>, sharing the loads of Bᵀ.</summary>
    private static void AddRows2(ReadOnlySpan<float> b, int stride, ReadOnlySpan<float> u0, ReadOnlySpan<float> u1, Span<float> y0, Span<float> y1)
    {
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ry0 = ref MemoryMarshal.GetReference(y0);
        ref float ry1 = ref MemoryMarshal.GetReference(y1[..y0.Length]);
        int rank = u0.Length, columns = y0.Length, o = 0;
        u1 = u1[..rank];
        for (; o + 32 <= columns; o += 32)
        {
            ref float p0 = ref Unsafe.Add(ref ry0, o), p1 = ref Unsafe.Add(ref ry1, o);
            Vector256<float> s00 = Vector256.LoadUnsafe(ref p0), s01 = Vector256.LoadUnsafe(ref p0, 8);
            Vector256<float> s02 = Vector256.LoadUnsafe(ref p0, 16), s03 = Vector256.LoadUnsafe(ref p0, 24);
            Vector256<float> s10 = Vector256.LoadUnsafe(ref p1), s11 = Vector256.LoadUnsafe(ref p1, 8);
            Vector256<float> s12 = Vector256.LoadUnsafe(ref p1, 16), s13 = Vector256.LoadUnsafe(ref p1, 24);
            for (int j = 0; j < rank; j++)
            {
                ref float bj = ref Unsafe.Add(ref rb, j * stride + o);
                Vector256<float> b0 = Vector256.LoadUnsafe(ref bj), b1 = Vector256.LoadUnsafe(ref bj, 8);
                Vector256<float> b2 = Vector256.LoadUnsafe(ref bj, 16), b3 = Vector256.LoadUnsafe(ref bj, 24);
                var w0 = Vector256.Create(u0[j]);
                var w1 = Vector256.Create(u1[j]);
                s00 = Vector256.FusedMultiplyAdd(w0, b0, s00);
                s01 = Vector256.FusedMultiplyAdd(w0, b1, s01);
                s02 = Vector256.FusedMultiplyAdd(w0, b2, s02);
                s03 = Vector256.FusedMultiplyAdd(w0, b3, s03);
                s10 = Vector256.FusedMultiplyAdd(w1, b0, s10);
                s11 = Vector256.FusedMultiplyAdd(w1, b1, s11);
                s12 = Vector256.FusedMultiplyAdd(w1, b2, s12);
                s13 = Vector256.FusedMultiplyAdd(w1, b3, s13);
            }
            s00.StoreUnsafe(ref p0);
            s01.StoreUnsafe(ref p0, 8);
            s02.StoreUnsafe(ref p0, 16);
            s03.StoreUnsafe(ref p0, 24);
            s10.StoreUnsafe(ref p1);
            s11.StoreUnsafe(ref p1, 8);
            s12.StoreUnsafe(ref p1, 16);
            s13.StoreUnsafe(ref p1, 24);
        }
        AddRow(b, stride, u0, y0, o);
        AddRow(b, stride, u1, y1[..columns], o);
    }

    /// <summary>One token's row, columns [from, columns): <c>y ← fma(uⱼ, Bᵀⱼ, y)</c> for j in order.</summary>
    private static void AddRow(ReadOnlySpan<float> b, int stride, ReadOnlySpan<float> u, Span<float> y, int from)
    {
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int rank = u.Length, columns = y.Length, o = from;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; o + 8 <= columns; o += 8)
            {
                ref float p = ref Unsafe.Add(ref ry, o);
                Vector256<float> s = Vector256.LoadUnsafe(ref p);
                for (int j = 0; j < rank; j++)
                    s = Vector256.FusedMultiplyAdd(Vector256.Create(u[j]), Vector256.LoadUnsafe(ref Unsafe.Add(ref rb, j * stride + o)), s);
                s.StoreUnsafe(ref p);
            }
        }
        for (; o < columns; o++)
        {
            float s = y[o];
            for (int j = 0; j < rank; j++)
                s = MathF.FusedMultiplyAdd(u[j], Unsafe.Add(ref rb, j * stride + o), s);
            y[o] = s;
        }
    }
}
