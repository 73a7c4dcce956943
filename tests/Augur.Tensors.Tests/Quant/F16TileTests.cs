using System.Runtime.InteropServices;
using Augur.Tests.Common;

namespace Augur.Tensors.Quant.Tests;

public class F16TileTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 4, 64 }, { 4, 0, 64 }, { 4, 4, 0 }, { 1, 1, 1 }, { 4, 4, 31 }, { 4, 4, 32 }, { 4, 4, 33 }, { 5, 3, 64 },
        { 8, 8, 100 }, { 9, 7, 96 }, { 12, 5, 4096 + 35 }, { 3, 9, 300 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMulTile_MatchesDotPerRowAndToken(int rows, int tokens, int columns)
    {
        // Padded strides, so rows, tokens and outputs do not simply follow one another.
        int rowBytes = (2 * columns) + 6, activationBytes = (2 * columns) + 10, yStride = rows + 3;
        using var w = Random(1, rows, rowBytes, columns);
        using var x = Random(2, tokens, activationBytes, columns);
        var y = new float[Math.Max(0, (tokens * yStride) - 3)];
        Array.Fill(y, -7f);
        F16Tile.MatMulTile(w.Span, rowBytes, rows, x.Span, activationBytes, tokens, columns, y, yStride);
        AssertMatches(w.Span, rowBytes, rows, x.Span, activationBytes, tokens, columns, y, yStride);
    }

    [Theory]
    [InlineData((ushort)0x7C00, 0, 0)]
    [InlineData((ushort)0xFC00, 5, 37)]
    [InlineData((ushort)0x7E00, 2, 99)]
    public void MatMulTile_InfinitiesAndNaNs_MatchDot(ushort special, int row, int column)
    {
        const int Rows = 8, Tokens = 8, Columns = 100;
        int rowBytes = 2 * Columns, activationBytes = 2 * Columns;
        using var w = Random(3, Rows, rowBytes, Columns);
        using var x = Random(4, Tokens, activationBytes, Columns);
        MemoryMarshal.Write(w.Span[((row * rowBytes) + (2 * column))..], special);
        MemoryMarshal.Write(x.Span[((row * activationBytes) + (2 * (Columns - 1 - column)))..], special);
        var y = new float[Tokens * Rows];
        F16Tile.MatMulTile(w.Span, rowBytes, Rows, x.Span, activationBytes, Tokens, Columns, y, Rows);
        AssertMatches(w.Span, rowBytes, Rows, x.Span, activationBytes, Tokens, Columns, y, Rows);
        Assert.Contains(y, v => !float.IsFinite(v));
    }

    [Fact]
    public void MatMulTile_ThrowsForShortInputs()
    {
        var w = new byte[4 * 64];
        var x = new byte[4 * 64];
        var y = new float[16];
        Assert.Throws<ArgumentException>("weights", () => F16Tile.MatMulTile(w, 64, 5, x, 64, 4, 32, y, 5));
        Assert.Throws<ArgumentException>("activations", () => F16Tile.MatMulTile(w, 64, 4, x, 64, 5, 32, new float[32], 4));
        Assert.Throws<ArgumentException>("y", () => F16Tile.MatMulTile(w, 64, 4, x, 64, 4, 32, new float[15], 4));
        Assert.Throws<ArgumentException>("rowBytes", () => F16Tile.MatMulTile(w, 62, 4, x, 64, 4, 32, y, 4));
        Assert.Throws<ArgumentOutOfRangeException>("rows", () => F16Tile.MatMulTile(w, 64, -1, x, 64, 4, 32, y, 4));
    }

    private static void AssertMatches(
        ReadOnlySpan<byte> w, int rowBytes, int rows, ReadOnlySpan<byte> x, int activationBytes, int tokens, int columns, float[] y, int yStride)
    {
        for (int t = 0; t < tokens; t++)
        {
            for (int r = 0; r < yStride && (t * yStride) + r < y.Length; r++)
            {
                float actual = y[(t * yStride) + r];
                if (r >= rows)
                {
                    Assert.Equal(-7f, actual); // stride padding is left alone
                    continue;
                }

                ReadOnlySpan<byte> wr = w.Slice(r * rowBytes, 2 * columns), xt = x.Slice(t * activationBytes, 2 * columns);
                float expected = F16.Dot(wr, xt, columns);
                double scale = 0;
                for (int c = 0; c < columns; c++)
                    scale += Math.Abs((double)HalfIO.ToSingle(MemoryMarshal.Read<ushort>(wr[(2 * c)..])) * HalfIO.ToSingle(MemoryMarshal.Read<ushort>(xt[(2 * c)..])));
                bool same = float.IsFinite(expected) ? Tolerances.Within(expected, actual, Tolerances.ReorderedSum, scale) : expected.Equals(actual);
                Assert.True(same, $"row {r}, token {t}: expected {expected}, got {actual}");
            }
        }
    }

    private static GuardedBuffer<byte> Random(int seed, int count, int stride, int columns)
    {
        var rng = new Random(seed);
        var bytes = new byte[count * stride];
        for (int i = 0; i < count; i++)
        {
            var values = new float[columns];
            for (int c = 0; c < columns; c++)
                values[c] = (rng.NextSingle() * 2) - 1;
            F16.Quantize(values, bytes.AsSpan(i * stride, 2 * columns));
            bytes.AsSpan((i * stride) + (2 * columns), stride - (2 * columns)).Fill(0xFF); // padding: NaN patterns, never read
        }

        return GuardedBuffer<byte>.CopyOf(bytes);
    }
}
