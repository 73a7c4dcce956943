using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Models.Llama2c.Tests;

public class Llama2cModelFileTests
{
    [Fact]
    public void Open_Stories260K_ReadsHeaderAsConfig()
    {
        using var model = Llama2cModelFile.Open(TestModels.Stories260KBin);

        ModelConfig c = model.Config;
        Assert.Equal(("llama", 64, 172, 5, 8, 4, 512, 512),
            (c.Architecture, c.EmbeddingLength, c.FeedForwardLength, c.BlockCount, c.HeadCount, c.HeadCountKv, c.VocabSize, c.ContextLength));
        Assert.Equal(8, c.HeadDim);
        Assert.Equal(8, c.RopeDimensionCount);
        Assert.Equal(RopeStyle.Normal, c.RopeStyle);
        Assert.Equal(10000f, c.RopeFreqBase);
        Assert.Equal(1e-5f, c.RmsNormEps);
        c.Validate();
    }

    [Fact]
    public void Open_Llama2xs_ReadsHeaderAsConfig()
    {
        using var model = Llama2cModelFile.Open(TestModels.Llama2xsBin);

        ModelConfig c = model.Config;
        Assert.Equal((64, 192, 5, 8, 4, 512, 256),
            (c.EmbeddingLength, c.FeedForwardLength, c.BlockCount, c.HeadCount, c.HeadCountKv, c.VocabSize, c.ContextLength));
    }

    [Fact]
    public void Tensors_Stories260K_HaveGgufNamesShapesAndOffsets()
    {
        using var model = Llama2cModelFile.Open(TestModels.Stories260KBin);
        byte[] file = File.ReadAllBytes(TestModels.Stories260KBin);

        // Offsets in floats after the 7-int header, from the README's array order.
        const int Dim = 64, Kv = 32, Hidden = 172, Layers = 5, Vocab = 512;
        int tokenEmbd = 0, rmsAtt = tokenEmbd + Vocab * Dim, wq = rmsAtt + Layers * Dim, wk = wq + Layers * Dim * Dim;
        int wv = wk + Layers * Kv * Dim, wo = wv + Layers * Kv * Dim, rmsFfn = wo + Layers * Dim * Dim;
        int w1 = rmsFfn + Layers * Dim, w2 = w1 + Layers * Hidden * Dim, w3 = w2 + Layers * Dim * Hidden, rmsFinal = w3 + Layers * Hidden * Dim;

        AssertMatrix(model, file, "token_embd.weight", Vocab, Dim, tokenEmbd);
        AssertMatrix(model, file, "blk.0.attn_q.weight", Dim, Dim, wq);
        AssertMatrix(model, file, "blk.3.attn_k.weight", Kv, Dim, wk + 3 * Kv * Dim);
        AssertMatrix(model, file, "blk.4.attn_v.weight", Kv, Dim, wv + 4 * Kv * Dim);
        AssertMatrix(model, file, "blk.1.attn_output.weight", Dim, Dim, wo + Dim * Dim);
        AssertMatrix(model, file, "blk.2.ffn_gate.weight", Hidden, Dim, w1 + 2 * Hidden * Dim);
        AssertMatrix(model, file, "blk.2.ffn_down.weight", Dim, Hidden, w2 + 2 * Dim * Hidden);
        AssertMatrix(model, file, "blk.2.ffn_up.weight", Hidden, Dim, w3 + 2 * Hidden * Dim);
        Assert.Equal(FloatsAt(file, rmsAtt + 4 * Dim, Dim), model.GetVector("blk.4.attn_norm.weight"));
        Assert.Equal(FloatsAt(file, rmsFfn + Dim, Dim), model.GetVector("blk.1.ffn_norm.weight"));
        Assert.Equal(FloatsAt(file, rmsFinal, Dim), model.GetVector("output_norm.weight"));
        Assert.False(model.Contains("output.weight")); // positive vocab_size: tied classifier
        Assert.False(model.Contains("blk.5.attn_q.weight"));
    }

    [Fact]
    public void GetMatrix_MissingOrWrongRank_ThrowsModelLoadException()
    {
        using var model = Llama2cModelFile.Open(TestModels.Stories260KBin);
        Assert.Throws<ModelLoadException>(() => model.GetMatrix("output.weight"));
        Assert.Throws<ModelLoadException>(() => model.GetMatrix("output_norm.weight"));
        Assert.Throws<ModelLoadException>(() => model.GetVector("blk.0.attn_q.weight"));
        Assert.Throws<ModelLoadException>(() => model.GetMatrix("blk.0.attn_q.weight", rows: 32, columns: 64));
        Assert.Throws<ModelLoadException>(() => model.GetVector("output_norm.weight", length: 65));
    }

    [Fact]
    public void Open_SeparateClassifier_ServesOutputWeight()
    {
        using var temp = new TempDirectory();
        byte[] original = File.ReadAllBytes(TestModels.Stories260KBin);
        byte[] classifier = new byte[512 * 64 * 4];
        new Random(5).NextBytes(classifier);
        byte[] file = [.. original, .. classifier];
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(20), -512);
        string path = temp.File("separate.bin");
        File.WriteAllBytes(path, file);

        using var model = Llama2cModelFile.Open(path);

        Assert.Equal(512, model.Config.VocabSize);
        WeightMatrix output = model.GetMatrix("output.weight");
        Assert.Equal((512, 64), (output.Rows, output.Columns));
        Assert.Equal(classifier, output.Row(0).ToArray().Concat(Enumerable.Range(1, 511).SelectMany(r => output.Row(r).ToArray())));
    }

    [Fact]
    public void Open_WithoutRopeTables_IsAccepted()
    {
        using var temp = new TempDirectory();
        byte[] original = File.ReadAllBytes(TestModels.Stories260KBin);
        string path = temp.File("short.bin");
        File.WriteAllBytes(path, original[..^(2 * 512 * 4 * 4)]);

        using var model = Llama2cModelFile.Open(path);
        Assert.Equal(64, model.GetVector("output_norm.weight").Length);
    }

    [Fact]
    public void Open_TruncatedOrExtended_ThrowsModelLoadException()
    {
        using var temp = new TempDirectory();
        byte[] original = File.ReadAllBytes(TestModels.Stories260KBin);
        int[] lengths = [0, 1, 27, 28, 29, 100, 4096, 131100, original.Length / 2, original.Length - 16388, original.Length - 16385, original.Length - 1];
        foreach (int length in lengths)
        {
            string path = temp.File($"truncated{length}.bin");
            File.WriteAllBytes(path, original[..length]);
            AssertFault(path);
        }
        string longer = temp.File("longer.bin");
        File.WriteAllBytes(longer, [.. original, 0, 0, 0, 0]);
        AssertFault(longer);
    }

    public static TheoryData<int, int> HostileHeaders()
    {
        var data = new TheoryData<int, int>();
        for (int field = 0; field < 7; field++)
        {
            foreach (int value in new[] { 0, -1, int.MinValue, int.MaxValue, 1 << 30, 3 })
                data.Add(field, value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void Open_HostileHeaderField_ThrowsModelLoadException(int field, int value)
    {
        using var temp = new TempDirectory();
        byte[] file = File.ReadAllBytes(TestModels.Stories260KBin);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(field * 4), value);
        string path = temp.File("hostile.bin");
        File.WriteAllBytes(path, file);

        AssertFault(path);
    }

    [Fact]
    public void Open_MissingFile_ThrowsModelLoadException()
    {
        using var temp = new TempDirectory();
        AssertFault(temp.File("absent.bin"));
    }

    private static void AssertFault(string path)
    {
        var ex = Assert.Throws<ModelLoadException>(() => Llama2cModelFile.Open(path).Dispose());
        Assert.Equal(path, ex.Path);
        Assert.False(string.IsNullOrEmpty(ex.Fault));
    }

    private static void AssertMatrix(Llama2cModelFile model, byte[] file, string name, int rows, int columns, int floatOffset)
    {
        WeightMatrix matrix = model.GetMatrix(name);
        Assert.Equal((TensorType.F32, rows, columns), (matrix.Type, matrix.Rows, matrix.Columns));
        Assert.Equal(FloatsAt(file, floatOffset, columns), MemoryMarshal.Cast<byte, float>(matrix.Row(0)).ToArray());
        Assert.Equal(FloatsAt(file, floatOffset + (rows - 1) * columns, columns), MemoryMarshal.Cast<byte, float>(matrix.Row(rows - 1)).ToArray());
    }

    private static float[] FloatsAt(byte[] file, int floatOffset, int count) =>
        MemoryMarshal.Cast<byte, float>(file.AsSpan(28 + floatOffset * 4, count * 4)).ToArray();
}
