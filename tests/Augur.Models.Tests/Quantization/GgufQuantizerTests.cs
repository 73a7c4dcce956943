using System.Runtime.InteropServices;
using Augur.Models.Gguf;
using Augur.Models.Gguf.Tests;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tensors.Quant;
using Augur.Tests.Common;

namespace Augur.Models.Quantization.Tests;

public sealed class GgufQuantizerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _stories;

    public GgufQuantizerTests()
    {
        _stories = _temp.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, _stories);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>stories260K: every matrix has rows of 64 except ffn_down (172, not a multiple of 32).</summary>
    [Theory]
    [InlineData(TensorType.F32, TensorType.F32)]
    [InlineData(TensorType.F16, TensorType.F16)]
    [InlineData(TensorType.BF16, TensorType.BF16)]
    [InlineData(TensorType.Q8_0, TensorType.F16)]
    [InlineData(TensorType.Q4_0, TensorType.F16)]
    [InlineData(TensorType.Q4_1, TensorType.F16)]
    [InlineData(TensorType.Q5_0, TensorType.F16)]
    [InlineData(TensorType.Q5_1, TensorType.F16)]
    public void Quantize_Stories260K_GivesExpectedTypesAndRows(TensorType target, TensorType ffnDownType)
    {
        string output = _temp.File($"{target}.gguf");
        var reported = new List<double>();

        GgufQuantizer.Quantize(_stories, output, target, reported.Add);

        using var source = GgufFile.Open(_stories);
        using var quantized = GgufFile.Open(output);
        Assert.Equal(source.Tensors.Select(t => t.Name), quantized.Tensors.Select(t => t.Name));
        foreach (GgufTensorInfo tensor in quantized.Tensors)
        {
            TensorType expected = tensor.Dimensions.Length == 1 ? TensorType.F32
                : tensor.Name.EndsWith("ffn_down.weight", StringComparison.Ordinal) ? ffnDownType : target;
            Assert.True(expected == tensor.Type, $"{tensor.Name}: {tensor.Type}, expected {expected}");
            GgufTensorInfo original = source.GetTensor(tensor.Name);
            Assert.Equal(original.Dimensions.ToArray(), tensor.Dimensions.ToArray());
            AssertRowsAreQuantizedOriginal(source, original, quantized, tensor);
        }
        Assert.Equal(TensorTypeNames.FileType(target), quantized.GetUInt32(GgufKeys.GeneralFileType));
        Assert.Equal(1.0, reported[^1]);
        Assert.True(reported.Zip(reported.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Quantize_CopiesMetadata_AndSetsFileTypeAndQuantizationVersion()
    {
        string output = _temp.File("q8.gguf");
        GgufQuantizer.Quantize(_stories, output, TensorType.Q8_0);

        using var source = GgufFile.Open(_stories);
        using var quantized = GgufFile.Open(output);
        Assert.Equal(7u, quantized.GetUInt32(GgufKeys.GeneralFileType));
        Assert.Equal(2u, quantized.GetUInt32(GgufKeys.GeneralQuantizationVersion));
        foreach ((string key, GgufValue value) in source.MetadataEntries)
        {
            if (key == GgufKeys.GeneralFileType)
                continue;
            GgufValue copy = quantized.GetValue(key);
            Assert.Equal(value.Type, copy.Type);
            Assert.Equal(value.ToString(), copy.ToString());
        }
        Assert.Equal(source.GetStringArray(GgufKeys.TokenizerTokens), quantized.GetStringArray(GgufKeys.TokenizerTokens));
        Assert.Equal(source.GetFloat32Array(GgufKeys.TokenizerScores), quantized.GetFloat32Array(GgufKeys.TokenizerScores));
        using ModelFile before = ModelFile.Open(_stories), after = ModelFile.Open(output);
        Assert.Equal(before.Config, after.Config);
    }

    [Fact]
    public void Quantize_AlreadyInTarget_CopiesBytes_AndRequantizesOtherTypes()
    {
        string q8 = _temp.File("q8.gguf"), again = _temp.File("q8-again.gguf"), q4 = _temp.File("q4.gguf");
        GgufQuantizer.Quantize(_stories, q8, TensorType.Q8_0);
        GgufQuantizer.Quantize(q8, again, TensorType.Q8_0);
        GgufQuantizer.Quantize(q8, q4, TensorType.Q4_0);

        Assert.Equal(File.ReadAllBytes(q8), File.ReadAllBytes(again));
        using var source = GgufFile.Open(q8);
        using var requantized = GgufFile.Open(q4);
        GgufTensorInfo tensor = requantized.GetTensor("blk.1.attn_q.weight");
        Assert.Equal(TensorType.Q4_0, tensor.Type);
        AssertRowsAreQuantizedOriginal(source, source.GetTensor(tensor.Name), requantized, tensor);
    }

    [Fact]
    public void Quantize_SourceTypeThatCannotBeDequantized_Throws()
    {
        var writer = TinyLlamaGguf.Create();
        byte[] q2k = new byte[84];
        writer.AddTensor("extra.weight", TensorType.Q2_K, [256, 1, 1], q2k);
        writer.AddTensor("extra2.weight", TensorType.Q2_K, [256, 2], new byte[2 * 84]);
        string input = _temp.File("q2k.gguf"), output = _temp.File("out.gguf");
        writer.Write(input);

        var e = Assert.Throws<ModelLoadException>(() => GgufQuantizer.Quantize(input, output, TensorType.Q8_0));
        Assert.Contains("tensor 'extra.weight' is Q2_K", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
    }

    [Fact]
    public void Quantize_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => GgufQuantizer.Quantize(_stories, _stories, TensorType.Q8_0));
        Assert.Throws<ArgumentException>(() => GgufQuantizer.Quantize(_stories, _temp.File("x.gguf"), TensorType.Q8_1));
        Assert.Throws<ModelLoadException>(() => GgufQuantizer.Quantize(TestModels.Stories260KBin, _temp.File("x.gguf"), TensorType.Q8_0));
        Assert.False(File.Exists(_temp.File("x.gguf")));
    }

    /// <summary>Each row of <paramref name="tensor"/> must be what <see cref="QuantFormats.Quantize"/> makes of the
    /// dequantized original row, and within the format's error of the original values.</summary>
    internal static void AssertRowsAreQuantizedOriginal(GgufFile source, GgufTensorInfo original, GgufFile quantized, GgufTensorInfo tensor)
    {
        WeightMatrix from = source.GetWeightMatrix(original);
        WeightMatrix to = quantized.GetWeightMatrix(tensor);
        Assert.Equal((from.Rows, from.Columns), (to.Rows, to.Columns));
        var values = new float[from.Columns];
        var roundTrip = new float[from.Columns];
        var expected = new byte[to.RowBytes];
        for (int row = 0; row < from.Rows; row++)
        {
            QuantFormats.Dequantize(from.Type, from.Row(row), values);
            QuantFormats.Quantize(to.Type, values, expected);
            Assert.True(expected.AsSpan().SequenceEqual(to.Row(row)), $"{tensor.Name} row {row} differs");
            QuantFormats.Dequantize(to.Type, to.Row(row), roundTrip);
            float scale = values.Max(MathF.Abs);
            for (int i = 0; i < values.Length; i++)
                Assert.True(MathF.Abs(values[i] - roundTrip[i]) <= MaxError(to.Type) * scale + 1e-6f, $"{tensor.Name}[{row}, {i}]");
        }
    }

    /// <summary>Generous per-element bounds relative to the row's largest magnitude: ≈ one quantization step of the
    /// format (4-bit: 1/7 of the block's range, 5-bit: 1/15, 8-bit: 1/127; halves keep 11 or 8 mantissa bits).</summary>
    private static float MaxError(TensorType type) => type switch
    {
        TensorType.F32 => 0f,
        TensorType.F16 => 1e-3f,
        TensorType.BF16 => 8e-3f,
        TensorType.Q8_0 => 1f / 127,
        TensorType.Q5_0 or TensorType.Q5_1 or TensorType.Q5_K => 1f / 15,
        TensorType.Q6_K => 1f / 31,
        _ => 1f / 7 + 0.01f,
    };
}
