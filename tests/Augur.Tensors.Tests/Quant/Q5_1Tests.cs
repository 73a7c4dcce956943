namespace Augur.Tensors.Quant.Tests;

public class Q5_1Tests : BlockFormatTests<Q5_1>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<Q5_1>(path, blocks, activations, blockCount);

    [Fact]
    public void Dequantize_HandBuiltBlock_AddsMinAndFifthBit()
    {
        // { half d = 0.5; half m = 1; uint32 qh (LE); qs[16] }: q = nibble | bit j of qh << 4, value = q · d + m.
        var block = new byte[24];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)0.5f);
        BitConverter.TryWriteBytes(block.AsSpan(2, 2), (Half)1f);
        BitConverter.TryWriteBytes(block.AsSpan(4, 4), 0x0001_8000u); // elements 15 and 16
        block[8 + 15] = 0x0F;   // element 15: nibble 15 | 16 = 31; element 31: 0
        block[8 + 0] = 0x30;    // element 0: 0; element 16: nibble 3 | 16 = 19
        block[8 + 1] = 0x07;    // element 1: 7; element 17: 0
        var values = new float[32];
        Q5_1.Dequantize(block, values);
        Assert.Equal(31 * 0.5f + 1f, values[15]);
        Assert.Equal(19 * 0.5f + 1f, values[16]);
        Assert.Equal(7 * 0.5f + 1f, values[1]);
        Assert.Equal(1f, values[0]);
        Assert.Equal(1f, values[31]);
        Assert.Equal(1f, values[17]);
    }

    [Fact]
    public void Quantize_EvenRange_GivesExactCodes()
    {
        // min = −10, max = 21 → d = 1, m = −10, q = x + 10 = j.
        var x = new float[32];
        for (int j = 0; j < 32; j++)
            x[j] = j - 10;
        var block = new byte[24];
        Q5_1.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(1f), BitConverter.ToUInt16(block, 0));
        Assert.Equal(QuantTestData.HalfBits(-10f), BitConverter.ToUInt16(block, 2));
        Assert.Equal(0xFFFF_0000u, BitConverter.ToUInt32(block, 4));
        for (int j = 0; j < 16; j++)
            Assert.Equal((byte)(j | (j << 4)), block[8 + j]);
    }

    [Fact]
    public void RoundTrip_ErrorWithinHalfStep()
    {
        float[] x = QuantTestData.RandomFloats(5, 64 * 32);
        byte[] blocks = QuantTestData.Quantize(TensorType.Q5_1, x);
        float[] y = QuantTestData.Dequantize(TensorType.Q5_1, blocks, x.Length);
        for (int b = 0; b < x.Length / 32; b++)
        {
            float[] block = x.AsSpan(b * 32, 32).ToArray();
            double d = (block.Max() - block.Min()) / 31.0;
            double dh = (double)BitConverter.ToHalf(blocks, b * 24);
            double mh = (double)BitConverter.ToHalf(blocks, b * 24 + 2);
            double bound = 0.5 * d + 31 * Math.Abs(d - dh) + Math.Abs(block.Min() - mh) + 1e-6 * block.Max(MathF.Abs);
            for (int j = b * 32; j < b * 32 + 32; j++)
                Assert.True(Math.Abs(x[j] - y[j]) <= bound, $"element {j}: {x[j]} → {y[j]}, bound {bound}");
        }
    }

    protected override double ExtraDotError(ReadOnlySpan<byte> weights, ReadOnlySpan<byte> activations, int n) =>
        QuantTestData.MinTimesSumError(weights, 24, activations, n);
}
