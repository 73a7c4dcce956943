namespace Augur.Tensors.Quant.Tests;

public class Q5_KTests : KQuantFormatTests<Q5_K>
{
    // Measured about 0.035 on these Gaussian rows.
    protected override double MaxRelativeRmsError => 0.045;

    internal override DotKernel Kernel(string path) => path switch
    {
        "Vector512" => Q5_K.DotVector512,
        "Vector256" => Q5_K.DotVector256,
        "Vector128Ssse3" => Q5_K.DotVector128<Ssse3ByteDot>,
        "Vector128Portable" => Q5_K.DotVector128<PortableByteDot>,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    [Fact]
    public void Dequantize_HandBuiltBlock_AddsHighBitPerSubBlock()
    {
        // Header as the Q4_K literal block (d 0.5, dmin 0.25, sc = [1, 2, 3, 63, 58, 1, 16, 47], m = [7, 0, 62, 9, 37, 2, 63, 0]).
        int[] sc = [1, 2, 3, 63, 58, 1, 16, 47], m = [7, 0, 62, 9, 37, 2, 63, 0];
        var block = new byte[176];
        block[1] = 0x38;
        block[3] = 0x34;
        Q4_KTests.LiteralScales.CopyTo(block, 4);
        for (int l = 0; l < 32; l++)
            block[16 + l] = (byte)(l % 2 == 0 ? 0xA5 : 0x00); // qh: bits 0, 2, 5, 7 on even l
        for (int i = 0; i < 128; i++)
            block[48 + i] = (byte)((i % 16) | ((15 - i % 16) << 4));
        float[] y = Dequantize(block);
        for (int e = 0; e < 256; e++)
        {
            // Sub-block j = e / 32; element l = e % 32 takes bit j of qh[l] as 16; nibbles as in Q4_K.
            int j = e / 32, l = e % 32, c = e / 64;
            int nibble = j % 2 == 0 ? block[48 + 32 * c + l] & 0xF : block[48 + 32 * c + l] >> 4;
            int high = (0xA5 >> j) & 1;
            int q = nibble + (l % 2 == 0 ? 16 * high : 0);
            Assert.Equal(0.5f * sc[j] * q - 0.25f * m[j], y[e]);
        }

        // Literal spot checks: e = 0 (j 0, bit set, nibble 0) and e = 32 (j 1, bit clear, nibble 15).
        Assert.Equal(0.5f * 1 * 16 - 0.25f * 7, y[0]);
        Assert.Equal(0.5f * 2 * 15, y[32]);
        Assert.Equal(0.5f * 47 * (16 + 15) - 0, y[224]);
    }

    [Fact]
    public void Dot_HandBuiltBlock_MatchesSumOfValues()
    {
        var block = new byte[176];
        block[1] = 0x3C; // d = 1
        block[3] = 0x3C; // dmin = 1
        block[4] = 2; // sc0 = 2; every other scale 0
        block[8] = 3; // m0 = 3
        block.AsSpan(16, 32).Fill(0x01); // bit 0: sub-block 0 gets +16
        block.AsSpan(48, 32).Fill(0x05); // sub-block 0 level 5 → 21
        // Sub-block 0: 2·21 − 3 = 39 each; sub-blocks 1-7 have scale 0 and min 0.
        byte[] activations = KQuantBlocks.Q8K(0.5f, i => (sbyte)(i < 32 ? 2 : -7));
        float expected = 32 * 39 * 0.5f * 2;
        Assert.Equal(expected, Q5_K.DotScalar(block, activations, 256));
        foreach (string path in KQuantTestData.SupportedPaths())
            Assert.Equal(expected, path == "Dot" ? Q5_K.Dot(block, activations, 256) : Kernel(path)(block, activations, 1));
    }
}
