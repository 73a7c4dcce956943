using Augur.Tensors.Quant;
using Augur.Tests.Common;

namespace Augur.Tensors.Tests;

public unsafe class KernelsMatMulTests
{
    public static TheoryData<TensorType> LegacyTypes => new()
    {
        TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q8_0, TensorType.Q8_1,
        TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1,
    };

    /// <summary>A random weight matrix of one type in guarded native memory, with its dequantized float copy.</summary>
    private sealed class Matrix : IDisposable
    {
        private readonly GuardedBuffer<byte> _data;

        public Matrix(TensorType type, int rows, int columns, int seed)
        {
            float[] values = RandomFloats(seed, rows * columns);
            int rowBytes = (int)TensorTypeInfo.ByteCount(type, columns);
            _data = new GuardedBuffer<byte>(rows * rowBytes);
            QuantFormats.Quantize(type, values, _data.Span);
            Weights = new WeightMatrix(type, rows, columns, _data.Pointer);
            Dequantized = new float[rows * columns];
            QuantFormats.Dequantize(type, _data.Span, Dequantized);
        }

        public WeightMatrix Weights { get; }

        public float[] Dequantized { get; }

        public void Dispose() => _data.Dispose();
    }

    [Theory]
    [MemberData(nameof(LegacyTypes))]
    public void MatVecRows_PartialRange_MatchesFloatMatVec(TensorType type)
    {
        const int rows = 37, columns = 256, rowStart = 5, rowEnd = 29;
        using var matrix = new Matrix(type, rows, columns, seed: 17);
        float[] x = RandomFloats(18, columns);
        using var converted = new GuardedBuffer<byte>(Kernels.ActivationBytes(type, columns));
        Kernels.QuantizeActivations(type, x, converted.Span);
        float[] xDequantized = new float[columns];
        QuantFormats.Dequantize(QuantFormats.DotType(type), converted.Span, xDequantized);

        var y = new float[rows];
        Array.Fill(y, float.NaN);
        Kernels.MatVecRows(matrix.Weights, converted.Span, y, rowStart, rowEnd);

        for (int r = 0; r < rows; r++)
        {
            if (r < rowStart || r >= rowEnd)
            {
                Assert.True(float.IsNaN(y[r]), $"row {r} outside the range was written");
                continue;
            }

            AssertNearFloatDot(type, matrix.Dequantized.AsSpan(r * columns, columns), xDequantized, converted.Span, matrix.Weights.Row(r), y[r]);
        }
    }

    [Theory]
    [MemberData(nameof(LegacyTypes))]
    public void MatMulRows_PartialRange_MatchesFloatMatMulPerToken(TensorType type)
    {
        const int rows = 21, columns = 96, tokens = 3, rowStart = 2, rowEnd = 19;
        using var matrix = new Matrix(type, rows, columns, seed: 23);
        int activationBytes = Kernels.ActivationBytes(type, columns);
        using var converted = new GuardedBuffer<byte>(tokens * activationBytes);
        var xDequantized = new float[tokens * columns];
        for (int t = 0; t < tokens; t++)
        {
            Span<byte> row = converted.Span.Slice(t * activationBytes, activationBytes);
            Kernels.QuantizeActivations(type, RandomFloats(100 + t, columns), row);
            QuantFormats.Dequantize(QuantFormats.DotType(type), row, xDequantized.AsSpan(t * columns, columns));
        }

        var y = new float[tokens * rows];
        Array.Fill(y, float.NaN);
        Kernels.MatMulRows(matrix.Weights, converted.Span, tokens, y, rowStart, rowEnd);

        for (int t = 0; t < tokens; t++)
        {
            for (int r = 0; r < rows; r++)
            {
                float actual = y[t * rows + r];
                if (r < rowStart || r >= rowEnd)
                {
                    Assert.True(float.IsNaN(actual), $"token {t} row {r} outside the range was written");
                    continue;
                }

                AssertNearFloatDot(type, matrix.Dequantized.AsSpan(r * columns, columns), xDequantized.AsSpan(t * columns, columns),
                    converted.Span.Slice(t * activationBytes, activationBytes), matrix.Weights.Row(r), actual);
            }
        }
    }

    [Theory]
    [MemberData(nameof(LegacyTypes))]
    public void MatMulRows_EqualsMatVecRowsPerToken(TensorType type)
    {
        const int rows = 9, columns = 64, tokens = 4;
        using var matrix = new Matrix(type, rows, columns, seed: 29);
        int activationBytes = Kernels.ActivationBytes(type, columns);
        var converted = new byte[tokens * activationBytes];
        for (int t = 0; t < tokens; t++)
            Kernels.QuantizeActivations(type, RandomFloats(200 + t, columns), converted.AsSpan(t * activationBytes, activationBytes));

        var batched = new float[tokens * rows];
        Kernels.MatMulRows(matrix.Weights, converted, tokens, batched, 0, rows);
        for (int t = 0; t < tokens; t++)
        {
            var single = new float[rows];
            Kernels.MatVecRows(matrix.Weights, converted.AsSpan(t * activationBytes, activationBytes), single, 0, rows);
            Assert.Equal(single, batched.AsSpan(t * rows, rows).ToArray());
        }
    }

    [Theory]
    [InlineData(TensorType.F32, 64, 256)]
    [InlineData(TensorType.F16, 64, 128)]
    [InlineData(TensorType.BF16, 64, 128)]
    [InlineData(TensorType.Q8_0, 64, 68)]
    [InlineData(TensorType.Q4_0, 64, 68)]
    [InlineData(TensorType.Q5_0, 64, 68)]
    [InlineData(TensorType.Q4_1, 64, 72)]
    [InlineData(TensorType.Q5_1, 64, 72)]
    [InlineData(TensorType.Q8_1, 64, 72)]
    public void ActivationBytes_IsTheDotTypeRowSize(TensorType type, int columns, int bytes) =>
        Assert.Equal(bytes, Kernels.ActivationBytes(type, columns));

    [Fact]
    public void QuantizeActivations_F32_CopiesFloatBits()
    {
        float[] x = [1f, -2.5f, float.NaN, -0f];
        var destination = new byte[16];
        Kernels.QuantizeActivations(TensorType.F32, x, destination);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(BitConverter.SingleToUInt32Bits(x[i]), BitConverter.ToUInt32(destination, 4 * i));
    }

    [Fact]
    public void QuantizeActivations_ThrowsForTooShortDestination() =>
        Assert.Throws<ArgumentException>(() => Kernels.QuantizeActivations(TensorType.Q4_0, new float[64], new byte[67]));

    [Fact]
    public void MatVecRows_ThrowsForTooShortActivations()
    {
        using var matrix = new Matrix(TensorType.Q8_0, 4, 64, seed: 1);
        Assert.Throws<ArgumentException>("xConverted", () => Kernels.MatVecRows(matrix.Weights, new byte[67], new float[4], 0, 4));
    }

    [Fact]
    public void MatVecRows_ThrowsForTooShortDestination()
    {
        using var matrix = new Matrix(TensorType.Q8_0, 4, 64, seed: 1);
        Assert.Throws<ArgumentException>("y", () => Kernels.MatVecRows(matrix.Weights, new byte[68], new float[3], 0, 2));
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(3, 2)]
    [InlineData(0, 5)]
    [InlineData(-3, -1)]
    public void MatVecRows_ThrowsForBadRowRange(int rowStart, int rowEnd)
    {
        using var matrix = new Matrix(TensorType.Q8_0, 4, 64, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.MatVecRows(matrix.Weights, new byte[68], new float[4], rowStart, rowEnd));
    }

    [Fact]
    public void MatMulRows_ThrowsForTooShortBatch()
    {
        using var matrix = new Matrix(TensorType.Q4_0, 4, 64, seed: 1);
        Assert.Throws<ArgumentException>("xConverted", () => Kernels.MatMulRows(matrix.Weights, new byte[2 * 68 - 1], 2, new float[8], 0, 4));
        Assert.Throws<ArgumentException>("y", () => Kernels.MatMulRows(matrix.Weights, new byte[2 * 68], 2, new float[7], 0, 4));
    }

    [Fact]
    public void MatVecRows_UnsupportedType_Throws()
    {
        var data = new byte[84];
        fixed (byte* p = data)
        {
            var w = new WeightMatrix(TensorType.Q2_K, 1, 256, p);
            Assert.Throws<NotSupportedException>(() => Kernels.MatVecRows(w, new byte[1024], new float[1], 0, 1));
        }
    }

    [Fact]
    public void MatVecRows_EmptyRange_WritesNothing()
    {
        using var matrix = new Matrix(TensorType.Q4_0, 4, 64, seed: 1);
        float[] y = [7, 7, 7, 7];
        Kernels.MatVecRows(matrix.Weights, new byte[68], y, 2, 2);
        Assert.Equal([7f, 7f, 7f, 7f], y);
    }

    private static void AssertNearFloatDot(
        TensorType type, ReadOnlySpan<float> w, ReadOnlySpan<float> x, ReadOnlySpan<byte> converted, ReadOnlySpan<byte> row, float actual)
    {
        double expected = 0, scale = 0;
        for (int i = 0; i < w.Length; i++)
        {
            expected += (double)w[i] * x[i];
            scale += Math.Abs((double)w[i] * x[i]);
        }

        // Q4_1/Q5_1 add m · s per block, where Q8_1 stores s as a half: allow that rounding on top.
        double slack = type is TensorType.Q4_1 or TensorType.Q5_1
            ? MinTimesSumError(row, TensorTypeInfo.BlockBytes(type), converted, w.Length)
            : 0;
        double bound = Tolerances.Bound(Tolerances.DequantizedDot, scale) + slack;
        Assert.True(Math.Abs(expected - actual) <= bound, $"{type}: expected {expected}, got {actual}, allowed ±{bound}");
    }

    private static double MinTimesSumError(ReadOnlySpan<byte> weights, int weightBlockBytes, ReadOnlySpan<byte> activations, int n)
    {
        double error = 0;
        for (int b = 0; b < n / 32; b++)
        {
            int sum = 0;
            for (int j = 0; j < 32; j++)
                sum += (sbyte)activations[b * 36 + 4 + j];
            double m = (double)BitConverter.ToHalf(weights[(b * weightBlockBytes + 2)..]);
            double d = (double)BitConverter.ToHalf(activations[(b * 36)..]);
            double s = (double)BitConverter.ToHalf(activations[(b * 36 + 2)..]);
            error += Math.Abs(m) * Math.Abs(s - d * sum);
        }

        return error * (1 + 1e-6);
    }

    private static float[] RandomFloats(int seed, int n)
    {
        var rng = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++)
            values[i] = rng.NextSingle() * 2 - 1;
        return values;
    }
}
