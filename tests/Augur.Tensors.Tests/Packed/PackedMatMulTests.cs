using Augur.Tensors.Packed;
using Augur.Tensors.Quant;
using Augur.Tensors.Quant.Tests;
using Augur.Tests.Common;

namespace Augur.Tensors.Packed.Tests;

/// <summary>
/// Every path of the panel kernels against the source format's scalar dot product (ggml's <c>vec_dot</c> reference)
/// on the same activation quants, for row counts that leave a partial panel and token counts that leave a remainder
/// after the 4-token tiles.
/// </summary>
public unsafe class PackedMatMulTests
{
    public static TheoryData<TensorType, PanelPath> Cases()
    {
        var data = new TheoryData<TensorType, PanelPath>();
        foreach (TensorType type in new[] { TensorType.Q4_0, TensorType.Q8_0 })
        {
            foreach (PanelPath path in Enum.GetValues<PanelPath>())
                data.Add(type, path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    // 8192 columns × 30 tokens crosses a token chunk (256 KiB of activations = 24 tokens there).
    public void MatMulPacked_MatchesSourceFormatDot(TensorType type, PanelPath path)
    {
        if (!Supported(path))
            return; // this machine cannot run the path; the CI machine runs them all (AVX-VNNI)
        foreach ((int rows, int columns, int tokens) in new[] { (13, 64, 1), (16, 256, 4), (32, 128, 2), (37, 96, 3), (37, 96, 7), (8, 32, 9), (64, 2048, 5), (13, 8192, 30) })
            AssertMatchesReference(type, path, rows, columns, tokens, seed: rows * 31 + columns + tokens);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatMulPacked_RowRange_WritesOnlyThoseRows(TensorType type, PanelPath path)
    {
        if (!Supported(path))
            return;
        const int rows = 29, columns = 64, tokens = 5;
        using var source = new SourceMatrix(type, rows, columns, seed: 3);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        byte[] x = Activations(columns, tokens, seed: 4);
        var y = new float[tokens * rows];
        Array.Fill(y, float.NaN);

        Kernels.MatMulPacked(packed, x, tokens, y, 8, rows, path);

        for (int t = 0; t < tokens; t++)
        {
            for (int r = 0; r < rows; r++)
                Assert.Equal(r < 8, float.IsNaN(y[t * rows + r]));
        }
    }

    public static TheoryData<TensorType, PanelPath> AllPanelCases()
    {
        var data = new TheoryData<TensorType, PanelPath>();
        foreach (TensorType type in new[] { TensorType.Q4_0, TensorType.Q8_0, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K })
        {
            foreach (PanelPath path in Enum.GetValues<PanelPath>())
                data.Add(type, path);
        }
        return data;
    }

    /// <summary>
    /// What "batched equals alone" rests on: the 4-token tiles (a repeated last token filling a tile of 3), the 2-token
    /// tiles and the 1-token path round identically.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllPanelCases))]
    public void MatMulPacked_TokenResult_DoesNotDependOnItsBatch(TensorType type, PanelPath path)
    {
        if (!Supported(path))
            return;
        const int rows = 24, columns = 8192;
        using var source = new SourceMatrix(type, rows, columns, seed: 11);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        // 2, 3 and 7: the small passes of speculative verification; 30: 4-token tiles, a remainder, and two token chunks.
        foreach (int tokens in new[] { 2, 3, 7, 30 })
        {
            float[] values = QuantTestData.RandomFloats(12 + tokens, columns * tokens);
            int rowBytes = packed.UsesSourceActivations ? Kernels.ActivationBytes(type, columns) : PanelActivations.RowBytes(columns);
            var x = new byte[rowBytes * tokens];
            for (int t = 0; t < tokens; t++)
            {
                if (packed.UsesSourceActivations)
                    Kernels.QuantizeActivations(type, values.AsSpan(t * columns, columns), x.AsSpan(t * rowBytes, rowBytes));
                else
                    PanelActivations.Quantize(values.AsSpan(t * columns, columns), x.AsSpan(t * rowBytes, rowBytes));
            }
            var batched = new float[tokens * rows];
            Kernels.MatMulPacked(packed, x, tokens, batched, 0, rows, path);

            var alone = new float[rows];
            for (int t = 0; t < tokens; t++)
            {
                Kernels.MatMulPacked(packed, x.AsSpan(t * rowBytes, rowBytes), 1, alone, 0, rows, path);
                Assert.Equal(alone, batched.AsSpan(t * rows, rows).ToArray());
            }
        }
    }

    [Fact]
    public void MatMulPacked_RejectsRangesOffPanelBoundaries_AndShortBuffers()
    {
        using var source = new SourceMatrix(TensorType.Q8_0, 24, 64, seed: 1);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        byte[] x = Activations(64, 2, seed: 2);
        var y = new float[48];
        Assert.Throws<ArgumentException>(() => Kernels.MatMulPacked(packed, x, 2, y, 4, 24));
        Assert.Throws<ArgumentException>(() => Kernels.MatMulPacked(packed, x, 2, y, 0, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.MatMulPacked(packed, x, 2, y, 0, 32));
        Assert.Throws<ArgumentException>(() => Kernels.MatMulPacked(packed, x, 3, new float[72], 0, 24));
        Assert.Throws<ArgumentException>(() => Kernels.MatMulPacked(packed, x, 2, new float[47], 0, 24));
    }

    [Fact]
    public void Pack_KeepsTheSourceSize_AndRejectsOtherTypes()
    {
        using var q4 = new SourceMatrix(TensorType.Q4_0, 16, 256, seed: 5);
        using PackedMatrix packed = PackedMatrix.TryPack(q4.Weights)!;
        Assert.Equal(q4.Weights.ByteLength, packed.ByteLength);
        using var q4k = new SourceMatrix(TensorType.Q4_1, 8, 32, seed: 6);
        Assert.False(PackedMatrix.Supports(TensorType.Q4_1));
        Assert.Null(PackedMatrix.TryPack(q4k.Weights));
    }

    [Theory]
    [InlineData(TensorType.Q4_0, 64, 18, (ushort)0x7C00)]   // d of row 8's second block: +Inf
    [InlineData(TensorType.Q8_0, 64, 34, (ushort)0xFE00)]   // d of row 8's second block: NaN
    [InlineData(TensorType.Q4_K, 256, 2, (ushort)0xFC00)]   // dmin of row 8's superblock: −Inf
    [InlineData(TensorType.Q6_K, 256, 208, (ushort)0x7C00)] // d of row 8's superblock
    public void TryPack_NonFiniteScale_LeavesTheMatrixUnpacked(TensorType type, int columns, int scaleOffset, ushort scaleBits)
    {
        using var source = new SourceMatrix(type, 9, columns, seed: 8);
        BitConverter.TryWriteBytes(source.Bytes.Slice(8 * source.Weights.RowBytes + scaleOffset, 2), scaleBits);
        Assert.Null(PackedMatrix.TryPack(source.Weights));
        Assert.Null(LinearWeights.Prepare(source.Weights).Packed);
    }

    [Fact]
    public void Dispose_ThenUse_Throws()
    {
        using var source = new SourceMatrix(TensorType.Q4_0, 8, 32, seed: 7);
        PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        packed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Kernels.MatMulPacked(packed, Activations(32, 1, 8), 1, new float[8], 0, 8, PanelPath.Scalar));
    }

    private static bool Supported(PanelPath path) => path switch
    {
        PanelPath.Vnni => VnniMultiplyAdd.IsSupported,
        PanelPath.Widened => WidenedMultiplyAdd.IsSupported,
        _ => true,
    };

    private static void AssertMatchesReference(TensorType type, PanelPath path, int rows, int columns, int tokens, int seed)
    {
        using var source = new SourceMatrix(type, rows, columns, seed);
        using PackedMatrix packed = PackedMatrix.TryPack(source.Weights)!;
        byte[] x = Activations(columns, tokens, seed + 1);
        var y = new float[tokens * rows];

        Kernels.MatMulPacked(packed, x, tokens, y, 0, rows, path);

        int rowBytes = PanelActivations.RowBytes(columns);
        for (int t = 0; t < tokens; t++)
        {
            byte[] q8 = AsQ8_0(x.AsSpan(t * rowBytes, rowBytes));
            for (int r = 0; r < rows; r++)
            {
                float expected = type == TensorType.Q4_0
                    ? Q4_0.DotScalar(source.Weights.Row(r), q8, columns)
                    : Q8_0.DotScalar(source.Weights.Row(r), q8, columns);
                float actual = y[t * rows + r];
                // Per block the integer sums are exact; the float sums over blocks round in another order than
                // ggml's scalar loop, an error growing like the square root of the block count.
                float tolerance = 1e-5f * MathF.Sqrt(columns / 32f) * Math.Max(1f, Math.Abs(expected));
                Assert.True(Math.Abs(expected - actual) <= tolerance,
                    $"{type} {path} {rows}x{columns} token {t} row {r}: expected {expected:R}, actual {actual:R}");
            }
        }
    }

    /// <summary>The same quants and (half-valued) scales as ggml Q8_0 blocks.</summary>
    private static byte[] AsQ8_0(ReadOnlySpan<byte> panelRow)
    {
        int blocks = panelRow.Length / PanelActivations.BlockBytes;
        var q8 = new byte[blocks * 34];
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = panelRow.Slice(b * PanelActivations.BlockBytes, PanelActivations.BlockBytes);
            HalfIO.Write(q8, 34 * b, BitConverter.ToSingle(block));
            block.Slice(8, 32).CopyTo(q8.AsSpan(34 * b + 2));
        }
        return q8;
    }

    private static byte[] Activations(int columns, int tokens, int seed)
    {
        float[] values = QuantTestData.RandomFloats(seed, columns * tokens);
        int rowBytes = PanelActivations.RowBytes(columns);
        var x = new byte[rowBytes * tokens];
        for (int t = 0; t < tokens; t++)
            PanelActivations.Quantize(values.AsSpan(t * columns, columns), x.AsSpan(t * rowBytes, rowBytes));
        return x;
    }

    private sealed class SourceMatrix : IDisposable
    {
        private readonly GuardedBuffer<byte> _data;

        public SourceMatrix(TensorType type, int rows, int columns, int seed)
        {
            float[] values = QuantTestData.RandomFloats(seed, rows * columns);
            _data = new GuardedBuffer<byte>((int)TensorTypeInfo.ByteCount(type, columns) * rows);
            QuantFormats.Quantize(type, values, _data.Span);
            Weights = new WeightMatrix(type, rows, columns, _data.Pointer);
        }

        public WeightMatrix Weights { get; }

        public Span<byte> Bytes => _data.Span;

        public void Dispose() => _data.Dispose();
    }
}
