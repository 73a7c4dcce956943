namespace Augur.Tensors.Quant.Tests;

public class F16Tests : BlockFormatTests<F16>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<F16>(path, blocks, activations, blockCount);

    public static TheoryData<float, ushort> Conversions => new()
    {
        { 0f, 0x0000 },
        { -0f, 0x8000 },
        { float.PositiveInfinity, 0x7C00 },
        { float.NegativeInfinity, 0xFC00 },
        { 1f, 0x3C00 },
        { 65504f, 0x7BFF },                                   // largest finite half
        { 65520f, 0x7C00 },                                   // halfway to the next step: rounds to even, which is ∞
        { 1f + MathF.ScaleB(1, -11), 0x3C00 },                // tie between 1 and 1 + 2⁻¹⁰: even is 1
        { 1f + 3 * MathF.ScaleB(1, -11), 0x3C02 },            // tie between odd 0x3C01 and even 0x3C02
        { MathF.ScaleB(1, -24), 0x0001 },                     // smallest subnormal
        { MathF.ScaleB(1, -25), 0x0000 },                     // tie between 0 and 0x0001: even is 0
        { 3 * MathF.ScaleB(1, -25), 0x0002 },                 // tie between 0x0001 and 0x0002
        { MathF.ScaleB(1, -14) - MathF.ScaleB(1, -24), 0x03FF }, // largest subnormal
        { -MathF.ScaleB(1, -14), 0x8400 },                    // smallest normal, negative
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Quantize_RoundsToNearestEven(float value, ushort bits)
    {
        var block = new byte[2];
        F16.Quantize([value], block);
        Assert.Equal(bits, BitConverter.ToUInt16(block));
    }

    [Theory]
    [InlineData((ushort)0x0001, 5.9604644775390625E-08f)]
    [InlineData((ushort)0x03FF, 6.097555160522461E-05f)]
    [InlineData((ushort)0x3555, 0.333251953125f)]
    [InlineData((ushort)0xC000, -2f)]
    [InlineData((ushort)0x7C00, float.PositiveInfinity)]
    [InlineData((ushort)0xFC00, float.NegativeInfinity)]
    public void Dequantize_BitPatterns(ushort bits, float value)
    {
        var y = new float[1];
        F16.Dequantize(BitConverter.GetBytes(bits), y);
        Assert.Equal(value, y[0]);
    }

    [Fact]
    public void NegativeZeroAndNaN_SurviveBothWays()
    {
        var block = new byte[4];
        F16.Quantize([-0f, float.NaN], block);
        Assert.Equal(0x8000, BitConverter.ToUInt16(block, 0));
        ushort nan = BitConverter.ToUInt16(block, 2);
        Assert.Equal(0x7C00, nan & 0x7C00);
        Assert.NotEqual(0, nan & 0x03FF);
        var y = new float[2];
        F16.Dequantize(block, y);
        Assert.Equal(0x8000_0000u, BitConverter.SingleToUInt32Bits(y[0]));
        Assert.True(float.IsNaN(y[1]));
    }

    [Fact]
    public void RoundTrip_RelativeErrorWithinHalfUlp()
    {
        float[] x = QuantTestData.RandomFloats(5, 4096);
        float[] y = QuantTestData.Dequantize(TensorType.F16, QuantTestData.Quantize(TensorType.F16, x), x.Length);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - y[i]) <= Math.Abs(x[i]) * MathF.ScaleB(1, -11) + MathF.ScaleB(1, -25), $"{x[i]} → {y[i]}");
    }

    [Fact]
    public void Dequantize_EveryBitPattern_MatchesHalfConversion()
    {
        // One row of all 65536 patterns, offset by one element so the vector loop also starts mid-row.
        var bits = new ushort[1 + 65536];
        for (int i = 0; i < 65536; i++)
            bits[1 + i] = (ushort)i;
        byte[] blocks = System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan(1)).ToArray();
        var y = new float[65536];
        F16.Dequantize(blocks, y);
        for (int i = 0; i < 65536; i++)
            HalfVectorsTests.AssertWidened((ushort)i, y[i]);
    }
}
