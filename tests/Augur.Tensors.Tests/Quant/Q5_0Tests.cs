namespace Augur.Tensors.Quant.Tests;

public class Q5_0Tests : BlockFormatTests<Q5_0>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<Q5_0>(path, blocks, activations, blockCount);

    [Fact]
    public void Dequantize_HandBuiltBlock_TakesFifthBitFromQh()
    {
        // { half d = 0.25; uint32 qh (LE); qs[16] }: element j = nibble | bit j of qh << 4; value = (q − 16) · d.
        var block = new byte[22];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)0.25f);
        const uint qh = 0x8001_0005; // elements 0, 2, 16 and 31 have the 5th bit
        BitConverter.TryWriteBytes(block.AsSpan(2, 4), qh);
        for (int j = 0; j < 16; j++)
            block[6 + j] = (byte)(((j * 5) & 0x0F) | (((j * 3 + 1) & 0x0F) << 4));
        var values = new float[32];
        Q5_0.Dequantize(block, values);
        for (int j = 0; j < 16; j++)
        {
            int low = ((j * 5) & 0x0F) + (int)((qh >> j) & 1) * 16;
            int high = ((j * 3 + 1) & 0x0F) + (int)((qh >> (j + 16)) & 1) * 16;
            Assert.Equal((low - 16) * 0.25f, values[j]);
            Assert.Equal((high - 16) * 0.25f, values[j + 16]);
        }

        // Spot checks worked by hand: q0 = 0 | 16, q1 = 5, q2 = 10 | 16, q16 = 1 | 16, q31 = (46 & 15) | 16 = 30.
        Assert.Equal(0f, values[0]);
        Assert.Equal(-2.75f, values[1]);
        Assert.Equal(2.5f, values[2]);
        Assert.Equal(0.25f, values[16]);
        Assert.Equal(3.5f, values[31]);
    }

    [Fact]
    public void Quantize_NegativeMax_GivesExactCodes()
    {
        // The value of largest magnitude is −16, so d = 1 and q = x + 16: elements 0..15 are q = 0..15 (no 5th bit),
        // elements 16..31 are q = 16..31 (5th bit set).
        var x = new float[32];
        for (int j = 0; j < 32; j++)
            x[j] = j - 16;
        var block = new byte[22];
        Q5_0.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(1f), BitConverter.ToUInt16(block, 0));
        Assert.Equal(0xFFFF_0000u, BitConverter.ToUInt32(block, 2));
        for (int j = 0; j < 16; j++)
            Assert.Equal((byte)(j | (j << 4)), block[6 + j]);
    }

    [Fact]
    public void RoundTrip_ErrorWithinHalfStep()
    {
        float[] x = QuantTestData.RandomFloats(5, 64 * 32);
        byte[] blocks = QuantTestData.Quantize(TensorType.Q5_0, x);
        float[] y = QuantTestData.Dequantize(TensorType.Q5_0, blocks, x.Length);
        for (int b = 0; b < x.Length / 32; b++)
        {
            float d = Q4_0.SignedMax(x.AsSpan(b * 32, 32)) / -16;
            double dh = (double)BitConverter.ToHalf(blocks, b * 22);
            for (int j = b * 32; j < b * 32 + 32; j++)
            {
                double steps = x[j] / d > 15.5 ? 1 : 0.5;
                double bound = steps * Math.Abs(d) + 16 * Math.Abs(d - dh) + 1e-6 * Math.Abs(d);
                Assert.True(Math.Abs(x[j] - y[j]) <= bound, $"element {j}: {x[j]} → {y[j]}, bound {bound}");
            }
        }
    }
}
