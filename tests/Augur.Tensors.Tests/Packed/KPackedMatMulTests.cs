using System.Buffers.Binary;
using Augur.Tensors.Quant;
using Augur.Tensors.Quant.Tests;
using Augur.Tests.Common;

namespace Augur.Tensors.Packed.Tests;

/// <summary>
/// Every path of the K-quant panel kernels against the source format's scalar dot product (ggml's generic
/// <c>vec_dot_*_q8_K</c>) on the same Q8_K activations: quantized weights and activations, arbitrary source bytes
/// (every scale, min and level pattern) with extreme activations, partial panels, every token count around the 4-token
/// tiles and several superblock counts.
/// </summary>
public unsafe class KPackedMatMulTests
{
    public static TheoryData<TensorType, PanelPath> Cases()
    {
        var data = new TheoryData<TensorType, PanelPath>();
        foreach (TensorType type in new[] { TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K })
        {
            foreach (PanelPath path in Enum.GetValues<PanelPath>())
                data.Add(type, path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatMulPacked_MatchesSourceFormatDot(TensorType type, PanelPath path)
    {
        if (!Supported(path))
            return; // this machine cannot run the path; the CI machine runs them all (AVX-VNNI)
        for (int tokens = 1; tokens <= 9; tokens++)
        {
            using var source = KSourceMatrix.Quantized(type, rows: 19, columns: 512, seed: tokens);
            AssertMatchesReference(source, path, QuantizedActivations(512, tokens, seed: 100 + tokens));
        }
        foreach ((int rows, int columns, int tokens) in new[] { (8, 256, 4), (37, 768, 6), (24, 2048, 5) })
        {
            using var source = KSourceMatrix.Quantized(type, rows, columns, seed: rows + columns);
            AssertMatchesReference(source, path, QuantizedActivations(columns, tokens, seed: rows * columns));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatMulPacked_AnySourceBytes_ExtremeActivations_MatchSourceFormatDot(TensorType type, PanelPath path)
    {
        if (!Supported(path))
            return;
        const int columns = 1024;
        using var source = KSourceMatrix.RandomBytes(type, rows: 15, columns, seed: 9);
        var random = new Random(10);
        sbyte[] uniform = [.. Enumerable.Range(0, 256).Select(_ => (sbyte)random.Next(-127, 128))];
        sbyte[] signs = [.. Enumerable.Range(0, 256).Select(_ => (sbyte)(random.Next(2) == 0 ? 127 : -127))];
        Func<int, sbyte>[] patterns = [_ => 127, _ => -127, i => uniform[i], i => (sbyte)(i % 2 == 0 ? 127 : -127), i => signs[i]];
        var x = new byte[patterns.Length * columns / 256 * Q8_K.Bytes];
        for (int t = 0; t < patterns.Length; t++)
        {
            for (int b = 0; b < columns / 256; b++)
                KQuantBlocks.Q8K(0.01f * (b + 1), patterns[t]).CopyTo(x, (t * columns / 256 + b) * Q8_K.Bytes);
        }

        AssertMatchesReference(source, path, x);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatMulPacked_RowRange_WritesOnlyThoseRows(TensorType type, PanelPath path)
    {
        if (!Supported(path))
            return;
        const int rows = 29, columns = 256, tokens = 5;
        using var source = KSourceMatrix.Quantized(type, rows, columns, seed: 3);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        byte[] x = QuantizedActivations(columns, tokens, seed: 4);
        var y = new float[tokens * rows];
        Array.Fill(y, float.NaN);

        Kernels.MatMulPacked(packed, x, tokens, y, 8, 24, path);

        for (int t = 0; t < tokens; t++)
        {
            for (int r = 0; r < rows; r++)
                Assert.Equal(r is < 8 or >= 24, float.IsNaN(y[t * rows + r]));
        }
    }

    [Fact]
    public void MatMulPacked_ChecksQ8KActivationLength()
    {
        using var source = KSourceMatrix.Quantized(TensorType.Q6_K, 16, 512, seed: 1);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        Assert.True(packed.UsesSourceActivations);
        var y = new float[32];
        Kernels.MatMulPacked(packed, new byte[2 * 2 * Q8_K.Bytes], 2, y, 0, 16);
        Assert.Throws<ArgumentException>(() => Kernels.MatMulPacked(packed, new byte[2 * 2 * Q8_K.Bytes - 1], 2, y, 0, 16));
        Assert.Throws<ArgumentException>(() => Kernels.MatMulPacked(packed, new byte[2 * 2 * Q8_K.Bytes], 2, y, 4, 16));
    }

    [Theory]
    [InlineData(TensorType.Q4_K)]
    [InlineData(TensorType.Q5_K)]
    [InlineData(TensorType.Q6_K)]
    public void Pack_KeepsTheSourceSize(TensorType type)
    {
        Assert.True(PackedMatrix.Supports(type));
        using var source = KSourceMatrix.Quantized(type, 16, 512, seed: 5);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        Assert.Equal(source.Weights.ByteLength, packed.ByteLength);
        Assert.Equal(2, packed.BlocksPerRow);
    }

    internal static bool Supported(PanelPath path) => path switch
    {
        PanelPath.Vnni => VnniMultiplyAdd.IsSupported,
        PanelPath.Widened => WidenedMultiplyAdd.IsSupported,
        _ => true,
    };

    /// <summary>Token-major Q8_K rows, as <see cref="Kernels.QuantizeActivations"/> makes them for K-quant weights.</summary>
    internal static byte[] QuantizedActivations(int columns, int tokens, int seed)
    {
        float[] values = QuantTestData.RandomFloats(seed, columns * tokens);
        int rowBytes = Kernels.ActivationBytes(TensorType.Q4_K, columns);
        var x = new byte[rowBytes * tokens];
        for (int t = 0; t < tokens; t++)
            Kernels.QuantizeActivations(TensorType.Q4_K, values.AsSpan(t * columns, columns), x.AsSpan(t * rowBytes, rowBytes));
        return x;
    }

    /// <summary>
    /// The scalar path must give the reference's float exactly (same integers, same float operations in the same
    /// order); the vector paths the same up to float rounding, bounded by the magnitudes of the per-superblock terms.
    /// </summary>
    private static void AssertMatchesReference(KSourceMatrix source, PanelPath path, byte[] x)
    {
        WeightMatrix w = source.Weights;
        int rowBytes = Kernels.ActivationBytes(w.Type, w.Columns), tokens = x.Length / rowBytes;
        using PackedMatrix packed = PackedMatrix.TryPack(w)!;
        var y = new float[tokens * w.Rows];
        using (var guarded = new GuardedBuffer<byte>(x.Length))
        {
            x.CopyTo(guarded.Span);
            Kernels.MatMulPacked(packed, guarded.Span, tokens, y, 0, w.Rows, path);
        }

        for (int t = 0; t < tokens; t++)
        {
            ReadOnlySpan<byte> xt = x.AsSpan(t * rowBytes, rowBytes);
            for (int r = 0; r < w.Rows; r++)
            {
                float expected = Reference(w.Type, w.Row(r), xt, w.Columns);
                float actual = y[t * w.Rows + r];
                if (path == PanelPath.Scalar)
                {
                    Assert.True(expected == actual, $"{w.Type} {path} {w.Rows}x{w.Columns} token {t} row {r}: expected {expected:R}, actual {actual:R}");
                    continue;
                }
                double tolerance = 1e-6 * TermMagnitude(w.Type, w.Row(r), xt) + 1e-30;
                Assert.True(Math.Abs(expected - actual) <= tolerance,
                    $"{w.Type} {path} {w.Rows}x{w.Columns} token {t} row {r}: expected {expected:R}, actual {actual:R}, tolerance {tolerance:R}");
            }
        }
    }

    /// <summary>
    /// Σ over superblocks of |d·dx·sumi| + |dmin·dx·summ|: the reference's own per-superblock terms (for Q4_K and Q5_K the
    /// min term alone is the dot with d cleared, the scale term the dot with dmin cleared), the scale of float error.
    /// </summary>
    private static double TermMagnitude(TensorType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> x)
    {
        int blockBytes = (int)TensorTypeInfo.ByteCount(type, 256);
        var block = new byte[blockBytes];
        double sum = 0;
        for (int b = 0; b < row.Length / blockBytes; b++)
        {
            ReadOnlySpan<byte> xb = x.Slice(b * Q8_K.Bytes, Q8_K.Bytes);
            row.Slice(b * blockBytes, blockBytes).CopyTo(block);
            if (type == TensorType.Q6_K)
            {
                sum += Math.Abs(Q6_K.DotScalar(block, xb, 256));
                continue;
            }
            byte[] scaleOnly = (byte[])block.Clone(), minOnly = block;
            BinaryPrimitives.WriteUInt16LittleEndian(scaleOnly.AsSpan(2), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(minOnly, 0);
            sum += Math.Abs(Reference(type, scaleOnly, xb, 256)) + Math.Abs(Reference(type, minOnly, xb, 256));
        }
        return sum;
    }

    private static float Reference(TensorType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> x, int n) => type switch
    {
        TensorType.Q4_K => Q4_K.DotScalar(row, x, n),
        TensorType.Q5_K => Q5_K.DotScalar(row, x, n),
        _ => Q6_K.DotScalar(row, x, n),
    };
}
