namespace Augur.Tensors.Quant.Tests;

public class Q8_KTests : KQuantFormatTests<Q8_K>
{
    // Measured about 0.007 on these Gaussian rows.
    protected override double MaxRelativeRmsError => 0.009;

    internal override DotKernel Kernel(string path) => path switch
    {
        "Vector512" => Q8_K.DotVector512,
        "Vector256" => Q8_K.DotVector256,
        "Vector128Ssse3" => Q8_K.DotVector128<Ssse3ByteDot>,
        "Vector128Portable" => Q8_K.DotVector128<PortableByteDot>,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    [Fact]
    public void Quantize_NegativeLargestMagnitude_MapsItToMinus127AndFillsBsums()
    {
        float[] x = new float[256];
        for (int i = 0; i < 256; i++)
            x[i] = i / 128f; // 0 .. 1.99
        x[10] = -2f;
        var block = new byte[292];
        Q8_K.Quantize(x, block);
        // iscale = −127 / −2 = 63.5, d = 1 / 63.5 (positive); 1.0 · 63.5 rounds half to even: 64.
        Assert.Equal(1 / 63.5f, BitConverter.ToSingle(block, 0));
        Assert.Equal(-127, (sbyte)block[4 + 10]);
        Assert.Equal(64, (sbyte)block[4 + 128]);
        Assert.Equal(127, (sbyte)block[4 + 255]); // 1.9921875 · 63.5 = 126.504 → 127
        Assert.Equal(1, (sbyte)block[4 + 2]); // 0.015625 · 63.5 = 0.99 → 1
        for (int j = 0; j < 16; j++)
        {
            int sum = 0;
            for (int i = 16 * j; i < 16 * j + 16; i++)
                sum += (sbyte)block[4 + i];
            Assert.Equal(sum, BitConverter.ToInt16(block, 260 + 2 * j));
        }
    }

    [Fact]
    public void Quantize_PositiveLargestMagnitude_GivesNegativeD()
    {
        float[] x = new float[256];
        x[3] = 4f;
        x[4] = -1f;
        var block = new byte[292];
        Q8_K.Quantize(x, block);
        // ggml maps the signed max to −127: iscale = −127/4, so d = −4/127 and x = 4 becomes −127.
        Assert.Equal(1 / (-127f / 4f), BitConverter.ToSingle(block, 0));
        Assert.Equal(-127, (sbyte)block[4 + 3]);
        Assert.Equal(32, (sbyte)block[4 + 4]); // −1 · −31.75 = 31.75 → 32
        Assert.Equal(-127 + 32, BitConverter.ToInt16(block, 260));
    }

    [Fact]
    public void DequantizeAndDot_HandBuiltBlocks_FollowLayout()
    {
        byte[] a = KQuantBlocks.Q8K(0.5f, i => (sbyte)(i - 128));
        byte[] b = KQuantBlocks.Q8K(-2f, i => (sbyte)(i % 2 == 0 ? 127 : -128));
        float[] y = Dequantize(a);
        for (int i = 0; i < 256; i++)
            Assert.Equal(0.5f * (i - 128), y[i]);
        long isum = 0;
        for (int i = 0; i < 256; i++)
            isum += (i - 128) * (i % 2 == 0 ? 127 : -128);
        float expected = 0.5f * -2f * isum;
        Assert.Equal(expected, Q8_K.DotScalar(a, b, 256));
        foreach (string path in KQuantTestData.SupportedPaths())
            Assert.Equal(expected, path == "Dot" ? Q8_K.Dot(a, b, 256) : Kernel(path)(a, b, 1));
    }
}
