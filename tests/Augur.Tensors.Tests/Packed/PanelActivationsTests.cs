using System.Runtime.InteropServices;
using Augur.Tensors.Packed;
using Augur.Tensors.Quant;
using Augur.Tensors.Quant.Tests;

namespace Augur.Tensors.Packed.Tests;

public class PanelActivationsTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(256)]
    [InlineData(2048)]
    public void Quantize_MatchesScalarReference_ByteForByte(int columns)
    {
        float[] x = QuantTestData.RandomFloats(seed: columns, columns);
        x[3] = 0; // a zero element and an all-zero block
        Array.Clear(x, 0, Math.Min(32, columns) / 2);
        if (columns >= 64)
            Array.Clear(x, 32, 32);
        var simd = new byte[PanelActivations.RowBytes(columns)];
        var scalar = new byte[simd.Length];

        PanelActivations.Quantize(x, simd);
        PanelActivations.QuantizeScalar(x, scalar);

        Assert.Equal(scalar, simd);
    }

    [Fact]
    public void Quantize_IsLlamaCppX86Rounding_HalfScaleAndSum()
    {
        // amax 127 makes id exactly 1, so 0.5 and 1.5 are ties: rounded to even (0 and 2), unlike ggml's _ref (1 and 2).
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = 0.5f;
        x[2] = 1.5f;
        x[3] = -2.5f;
        x[4] = -100.3f;
        var block = new byte[PanelActivations.BlockBytes];

        PanelActivations.Quantize(x, block);

        Assert.Equal((float)(Half)1f, MemoryMarshal.Read<float>(block));
        sbyte[] q = MemoryMarshal.Cast<byte, sbyte>(block.AsSpan(8, 32)).ToArray();
        Assert.Equal([127, 0, 2, -2, -100], q[..5]);
        Assert.Equal(127 + 2 - 2 - 100, MemoryMarshal.Read<int>(block.AsSpan(4)));
    }

    [Fact]
    public void Quantize_ScaleIsGgmlsHalfRoundedScale()
    {
        float[] x = QuantTestData.RandomFloats(7, 64);
        var block = new byte[PanelActivations.RowBytes(64)];
        var ggml = new byte[2 * 34];
        PanelActivations.Quantize(x, block);
        Q8_0.Quantize(x, ggml);

        for (int b = 0; b < 2; b++)
        {
            Assert.Equal(HalfIO.Read(ggml, 34 * b), MemoryMarshal.Read<float>(block.AsSpan(40 * b)));
            for (int j = 0; j < 32; j++) // same quants up to the rounding of ties
                Assert.InRange((sbyte)block[40 * b + 8 + j] - (sbyte)ggml[34 * b + 2 + j], -1, 1);
        }
    }

    [Fact]
    public void BadLengths_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelActivations.RowBytes(33));
        Assert.Throws<ArgumentException>(() => PanelActivations.Quantize(new float[64], new byte[79]));
    }
}
