using System.Runtime.InteropServices;
using Augur.Tests.Common;

namespace Augur.Tensors.Quant.Tests;

/// <summary>F16 dot products over rows holding ±0, subnormals, the largest half, infinities and NaNs, on every path.</summary>
public class F16SpecialValueTests
{
    private const ushort PlusInfinity = 0x7C00, MinusInfinity = 0xFC00, QuietNaN = 0x7E00, NegativeNaN = 0xFD01;

    public static TheoryData<int> Lengths => new() { 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 4096, 4096 + 35 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FiniteExtremes_MatchDotScalar(int n)
    {
        // ±0, the smallest and largest subnormals, the smallest normal and ±65504 sprinkled over random rows.
        ushort[] extremes = [0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x83FF, 0x0400, 0x7BFF, 0xFBFF];
        var rng = new Random(n);
        ushort[] x = RandomRow(rng, n), y = RandomRow(rng, n);
        for (int i = 0; i < n; i++)
        {
            if (rng.Next(3) == 0)
                x[i] = extremes[rng.Next(extremes.Length)];
            if (rng.Next(3) == 0)
                y[i] = extremes[rng.Next(extremes.Length)];
        }

        double scale = 0;
        for (int i = 0; i < n; i++)
            scale += Math.Abs((double)(float)BitConverter.UInt16BitsToHalf(x[i]) * (float)BitConverter.UInt16BitsToHalf(y[i]));
        foreach ((string path, float actual, float expected) in Run(x, y))
            Assert.True(Tolerances.Within(expected, actual, Tolerances.ReorderedSum, scale), $"path {path}, n {n}: expected {expected}, got {actual}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void InfinitiesAndNaNs_MatchDotScalar(int n)
    {
        // Each case puts special halves at the first, middle or last element (the last lands in the masked tail).
        (ushort X, ushort Y)[] cases = [(PlusInfinity, 0x3C00), (MinusInfinity, 0x3C00), (0x3C00, MinusInfinity), (PlusInfinity, 0xBC00),
            (PlusInfinity, 0x0000), (QuietNaN, 0x3C00), (0x3C00, NegativeNaN), (QuietNaN, 0x0000)];
        int[] positions = [0, n / 2, n - 1];
        foreach ((ushort sx, ushort sy) in cases)
        {
            foreach (int position in positions)
            {
                var rng = new Random(n + position);
                ushort[] x = RandomRow(rng, n), y = RandomRow(rng, n);
                x[position] = sx;
                y[position] = sy;
                foreach ((string path, float actual, float expected) in Run(x, y))
                {
                    Assert.False(float.IsFinite(expected), $"0x{sx:X4}·0x{sy:X4}: the reference is {expected}");
                    Assert.True(
                        expected.Equals(actual), $"path {path}, n {n}, 0x{sx:X4}·0x{sy:X4} at {position}: expected {expected}, got {actual}");
                }
            }
        }

        // +∞ and −∞ in one row cancel to NaN.
        ushort[] a = RandomRow(new Random(1), n), b = RandomRow(new Random(2), n);
        if (n > 1)
        {
            (a[0], b[0], a[n - 1], b[n - 1]) = (PlusInfinity, 0x3C00, MinusInfinity, 0x3C00);
            Assert.All(Run(a, b), r => Assert.True(float.IsNaN(r.Actual) && float.IsNaN(r.Expected), $"path {r.Path}: {r.Actual}"));
        }
    }

    // DotScalar and every path's result: the dispatching Dot plus each ISA path this machine supports.
    private static List<(string Path, float Actual, float Expected)> Run(ushort[] x, ushort[] y)
    {
        using var wx = GuardedBuffer<byte>.CopyOf(MemoryMarshal.AsBytes(x.AsSpan()));
        using var wy = GuardedBuffer<byte>.CopyOf(MemoryMarshal.AsBytes(y.AsSpan()));
        int n = x.Length;
        float expected = F16.DotScalar(wx.Span, wy.Span, n);
        var results = new List<(string, float, float)> { ("Dot", F16.Dot(wx.Span, wy.Span, n), expected) };
        foreach (string path in BlockFormatTests<F16>.SupportedPaths())
            results.Add((path, DotPaths.Run<F16>(path, wx.Span, wy.Span, n), expected));
        return results;
    }

    private static ushort[] RandomRow(Random rng, int n)
    {
        var row = new ushort[n];
        for (int i = 0; i < n; i++)
            row[i] = BitConverter.HalfToUInt16Bits((Half)(rng.NextSingle() * 4 - 2));
        return row;
    }
}
