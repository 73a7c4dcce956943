using Augur.Models.Gguf;
using Augur.Models.Gguf.Tests;
using Augur.Tensors;
using Augur.Tensors.Quant;
using Augur.Tests.Common;

namespace Augur.Models.Quantization.Tests;

/// <summary>K-quant targets on a synthetic file whose rows are 256 (whole K blocks), 64 (Q8_0 blocks only) and 48
/// (neither) elements long, plus a 1-D tensor and an F16 source.</summary>
public sealed class GgufQuantizerKQuantTests
{
    [Theory]
    [InlineData(TensorType.Q4_K, 15u)]
    [InlineData(TensorType.Q5_K, 17u)]
    [InlineData(TensorType.Q6_K, 18u)]
    public void Quantize_KQuant_TypesFallbacksAndRows(TensorType target, uint fileType)
    {
        using var temp = new TempDirectory();
        string input = temp.File("synthetic.gguf"), output = temp.File("k.gguf");
        var random = new Random(42);
        var writer = new GgufWriter().Add(GgufKeys.GeneralArchitecture, "llama").Add("test.kept", "yes");
        TinyLlamaGguf.AddF32(writer, "wide.weight", [256, 6], random);
        TinyLlamaGguf.AddF32(writer, "narrow.weight", [64, 5], random);
        TinyLlamaGguf.AddF32(writer, "odd.weight", [48, 3], random);
        TinyLlamaGguf.AddF32(writer, "norm.weight", [256], random);
        float[] halfSource = Enumerable.Range(0, 512).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        byte[] half = new byte[512 * 2];
        QuantFormats.Quantize(TensorType.F16, halfSource, half);
        writer.AddTensor("half.weight", TensorType.F16, [256, 2], half);
        writer.Write(input);

        GgufQuantizer.Quantize(input, output, target);

        using var source = GgufFile.Open(input);
        using var quantized = GgufFile.Open(output);
        Assert.Equal(fileType, quantized.GetUInt32(GgufKeys.GeneralFileType));
        Assert.Equal("yes", quantized.GetString("test.kept"));
        (string Name, TensorType Type)[] expected =
        [
            ("wide.weight", target), ("narrow.weight", TensorType.Q8_0), ("odd.weight", TensorType.F16),
            ("norm.weight", TensorType.F32), ("half.weight", target),
        ];
        Assert.Equal(expected, quantized.Tensors.Select(t => (t.Name, t.Type)));
        foreach (GgufTensorInfo tensor in quantized.Tensors)
            GgufQuantizerTests.AssertRowsAreQuantizedOriginal(source, source.GetTensor(tensor.Name), quantized, tensor);

        // The K-quant rows really are smaller than F32: 256 floats in one block.
        Assert.Equal(6L * TensorTypeInfo.BlockBytes(target), quantized.GetTensor("wide.weight").ByteLength);
        Assert.Equal(source.GetTensorData(source.GetTensor("norm.weight")).ToArray(),
            quantized.GetTensorData(quantized.GetTensor("norm.weight")).ToArray());
    }
}
