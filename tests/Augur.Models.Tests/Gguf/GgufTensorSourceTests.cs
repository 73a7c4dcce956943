using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Models.Gguf.Tests;

public sealed class GgufTensorSourceTests
{
    [Fact]
    public void GetMatrixAndVector_ReadTheStoredValues()
    {
        var writer = new GgufWriter();
        var random = new Random(3);
        float[] matrix = TinyLlamaGguf.AddF32(writer, "m.weight", [4, 3], random);
        float[] vector = TinyLlamaGguf.AddF32(writer, "v.weight", [5], random);
        float[] column = TinyLlamaGguf.AddF32(writer, "c.weight", [6, 1], random);
        TinyLlamaGguf.AddF32(writer, "m3.weight", [2, 3, 1, 1], random);
        using GgufFile file = TinyLlamaGguf.Open(writer);
        var source = new GgufTensorSource(file);

        WeightMatrix m = source.GetMatrix("m.weight");
        Assert.Equal((TensorType.F32, 3, 4), (m.Type, m.Rows, m.Columns));
        Assert.Equal(matrix[4..8], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(m.Row(1)).ToArray());
        Assert.Equal(vector, source.GetVector("v.weight"));
        Assert.Equal(column, source.GetVector("c.weight")); // trailing 1s do not count as dimensions
        Assert.Equal((3, 2), (source.GetMatrix("m3.weight").Rows, source.GetMatrix("m3.weight").Columns));
        Assert.True(source.Contains("v.weight"));
        Assert.False(source.Contains("w.weight"));
        Assert.Equal("tiny.gguf", source.Path);
    }

    [Fact]
    public void GetVector_F16AndQ8_0_AreConverted()
    {
        var random = new Random(5);
        float[] values = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        byte[] half = new byte[64 * 2];
        QuantFormats.Quantize(TensorType.F16, values, half);
        byte[] q8 = new byte[2 * 34];
        QuantFormats.Quantize(TensorType.Q8_0, values, q8);
        var writer = new GgufWriter()
            .AddTensor("h.weight", TensorType.F16, [64], half)
            .AddTensor("q.weight", TensorType.Q8_0, [64], q8);
        using GgufFile file = TinyLlamaGguf.Open(writer);
        var source = new GgufTensorSource(file);

        float[] fromHalf = source.GetVector("h.weight");
        float[] fromQ8 = source.GetVector("q.weight");

        var expectedQ8 = new float[64];
        QuantFormats.Dequantize(TensorType.Q8_0, q8, expectedQ8);
        Assert.Equal(expectedQ8, fromQ8);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal((float)(Half)values[i], fromHalf[i]);
            Assert.Equal(values[i], fromQ8[i], 0.02f); // Q8_0: |error| ≤ max|x|/254 per block ≈ 0.008
        }
    }

    [Fact]
    public void WrongRankOrMissing_IsModelLoadException()
    {
        var writer = new GgufWriter();
        var random = new Random(1);
        TinyLlamaGguf.AddF32(writer, "m.weight", [4, 3], random);
        TinyLlamaGguf.AddF32(writer, "v.weight", [4], random);
        using GgufFile file = TinyLlamaGguf.Open(writer);
        var source = new GgufTensorSource(file);

        Assert.Contains("not a 2-D matrix", Assert.Throws<ModelLoadException>(() => source.GetMatrix("v.weight")).Message, StringComparison.Ordinal);
        Assert.Contains("not a 1-D vector", Assert.Throws<ModelLoadException>(() => source.GetVector("m.weight")).Message, StringComparison.Ordinal);
        Assert.Contains("'x.weight' is missing", Assert.Throws<ModelLoadException>(() => source.GetVector("x.weight")).Message, StringComparison.Ordinal);
        Assert.Contains("'x.weight' is missing", Assert.Throws<ModelLoadException>(() => source.GetMatrix("x.weight")).Message, StringComparison.Ordinal);
    }
}
