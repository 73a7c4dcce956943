namespace Augur.Tensors.Quant.Tests;

public class Q4_1Tests : BlockFormatTests<Q4_1>
{
    protected override float DotPath(string path, ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        DotPaths.Run<Q4_1>(path, blocks, activations, blockCount);

    [Fact]
    public void Dequantize_HandBuiltBlock_AddsMin()
    {
        // { half d = 2; half m = −3; qs[16] }: value = q · d + m, nibbles laid out as in Q4_0.
        var block = new byte[20];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)2f);
        BitConverter.TryWriteBytes(block.AsSpan(2, 2), (Half)(-3f));
        for (int j = 0; j < 16; j++)
            block[4 + j] = (byte)((15 - j) | (j << 4));
        var values = new float[32];
        Q4_1.Dequantize(block, values);
        for (int j = 0; j < 16; j++)
        {
            Assert.Equal((15 - j) * 2f - 3f, values[j]);
            Assert.Equal(j * 2f - 3f, values[j + 16]);
        }
    }

    [Fact]
    public void Quantize_EvenRange_GivesExactCodes()
    {
        // min = −5, max = 10 → d = 1, m = −5, q = x + 5.
        var x = new float[32];
        for (int j = 0; j < 32; j++)
            x[j] = (j % 16) - 5;
        var block = new byte[20];
        Q4_1.Quantize(x, block);
        Assert.Equal(QuantTestData.HalfBits(1f), BitConverter.ToUInt16(block, 0));
        Assert.Equal(QuantTestData.HalfBits(-5f), BitConverter.ToUInt16(block, 2));
        for (int j = 0; j < 16; j++)
            Assert.Equal((byte)(j | (j << 4)), block[4 + j]);
    }

    [Fact]
    public void RoundTrip_ErrorWithinHalfStep()
    {
        float[] x = QuantTestData.RandomFloats(5, 64 * 32);
        byte[] blocks = QuantTestData.Quantize(TensorType.Q4_1, x);
        float[] y = QuantTestData.Dequantize(TensorType.Q4_1, blocks, x.Length);
        for (int b = 0; b < x.Length / 32; b++)
        {
            float[] block = x.AsSpan(b * 32, 32).ToArray();
            double d = (block.Max() - block.Min()) / 15.0;
            double dh = (double)BitConverter.ToHalf(blocks, b * 20);
            double mh = (double)BitConverter.ToHalf(blocks, b * 20 + 2);
            double bound = 0.5 * d + 15 * Math.Abs(d - dh) + Math.Abs(block.Min() - mh) + 1e-6 * block.Max(MathF.Abs);
            for (int j = b * 32; j < b * 32 + 32; j++)
                Assert.True(Math.Abs(x[j] - y[j]) <= bound, $"element {j}: {x[j]} → {y[j]}, bound {bound}");
        }
    }

    protected override double ExtraDotError(ReadOnlySpan<byte> weights, ReadOnlySpan<byte> activations, int n) =>
        QuantTestData.MinTimesSumError(weights, 20, activations, n);
}
