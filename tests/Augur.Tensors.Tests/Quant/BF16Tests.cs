namespace Augur.Tensors.Quant.Tests;

public class BF16Tests : BlockFormatTests<BF16>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<BF16>(path, blocks, activations, blockCount);

    // Float bits in, bfloat16 bits out, worked by hand from round-to-nearest-even on the top 16 bits.
    [Theory]
    [InlineData(0x3F80_0000u, (ushort)0x3F80)] // 1
    [InlineData(0x3F80_8000u, (ushort)0x3F80)] // tie, 0x3F80 is even: down
    [InlineData(0x3F81_8000u, (ushort)0x3F82)] // tie, 0x3F81 is odd: up
    [InlineData(0x3F80_8001u, (ushort)0x3F81)] // just past the tie: up
    [InlineData(0x3F80_7FFFu, (ushort)0x3F80)] // just below the tie: down
    [InlineData(0x0000_0000u, (ushort)0x0000)] // +0
    [InlineData(0x8000_0000u, (ushort)0x8000)] // −0
    [InlineData(0x7F80_0000u, (ushort)0x7F80)] // +∞
    [InlineData(0xFF80_0000u, (ushort)0xFF80)] // −∞
    [InlineData(0x7F7F_FFFFu, (ushort)0x7F80)] // largest float rounds up to ∞
    [InlineData(0x0001_0000u, (ushort)0x0001)] // subnormal kept (ggml no longer flushes)
    [InlineData(0x0001_8000u, (ushort)0x0002)] // subnormal tie, odd: up
    [InlineData(0x0000_0001u, (ushort)0x0000)] // tiny subnormal rounds to 0
    [InlineData(0x7F80_0001u, (ushort)0x7FC0)] // signaling NaN with only low payload: made quiet, not ∞
    [InlineData(0xFFC1_2345u, (ushort)0xFFC1)] // quiet negative NaN: sign and top payload kept
    [InlineData(0x7FFF_FFFFu, (ushort)0x7FFF)] // NaN must not carry into the sign
    public void FromSingle_MatchesGgmlRounding(uint floatBits, ushort expected)
    {
        float value = BitConverter.UInt32BitsToSingle(floatBits);
        Assert.Equal(expected, BF16.FromSingle(value));
        var block = new byte[2];
        BF16.Quantize([value], block);
        Assert.Equal(expected, BitConverter.ToUInt16(block));
    }

    [Theory]
    [InlineData((ushort)0x3F80, 1f)]
    [InlineData((ushort)0xC040, -3f)]
    [InlineData((ushort)0x7F80, float.PositiveInfinity)]
    [InlineData((ushort)0x0001, 9.183549615799121E-41f)] // 2⁻¹³³, a float subnormal
    public void Dequantize_ShiftsIntoTheTopHalf(ushort bits, float value)
    {
        var y = new float[1];
        BF16.Dequantize(BitConverter.GetBytes(bits), y);
        Assert.Equal(value, y[0]);
        Assert.Equal((uint)bits << 16, BitConverter.SingleToUInt32Bits(y[0]));
    }

    [Fact]
    public void RoundTrip_RelativeErrorWithinHalfUlp()
    {
        float[] x = QuantTestData.RandomFloats(5, 4096);
        float[] y = QuantTestData.Dequantize(TensorType.BF16, QuantTestData.Quantize(TensorType.BF16, x), x.Length);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - y[i]) <= Math.Abs(x[i]) * MathF.ScaleB(1, -8), $"{x[i]} → {y[i]}");
    }

    [Theory]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(4096 + 35)]
    public void DotPaths_InfinityAndNaN_MatchDotScalar(int n)
    {
        // The overlapping last vector re-reads summed lanes: masked to 0 · 0 they must not turn an ∞ into NaN.
        foreach ((ushort special, int position) in new[] { ((ushort)0x7F80, 0), ((ushort)0xFF80, n - 1), ((ushort)0x7FC1, n / 2) })
        {
            var x = new ushort[n];
            var y = new ushort[n];
            var rng = new Random(n);
            for (int i = 0; i < n; i++)
            {
                x[i] = BF16.FromSingle(rng.NextSingle() * 2 - 1);
                y[i] = BF16.FromSingle(rng.NextSingle() + 0.5f);
            }

            x[position] = special;
            byte[] wx = System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).ToArray();
            byte[] wy = System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan()).ToArray();
            float expected = BF16.DotScalar(wx, wy, n);
            Assert.False(float.IsFinite(expected));
            Assert.Equal(expected, BF16.Dot(wx, wy, n));
            foreach (string path in SupportedPaths())
                Assert.Equal(expected, DotPath(path, wx, wy, n));
        }
    }
}
