using System.Buffers.Binary;
using Augur.Models.Gguf;
using Augur.Models.Tokenizers;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Models.Llama2c.Tests;

public sealed class Llama2cConverterTests
{
    [Fact]
    public void Convert_Stories260K_WritesHyperparametersVocabularyAndTensors()
    {
        using var temp = new TempDirectory();
        string output = temp.File("stories260K.gguf");
        var reported = new List<double>();

        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, output, reported.Add);

        using var gguf = GgufFile.Open(output);
        Assert.Equal(3, gguf.Version);
        Assert.Equal(32u, gguf.Alignment);
        Assert.Equal("llama", gguf.GetString("general.architecture"));
        Assert.Equal("stories260K", gguf.GetString("general.name"));
        Assert.Equal(0u, gguf.GetUInt32("general.file_type"));
        Assert.Equal(64u, gguf.GetUInt32("llama.embedding_length"));
        Assert.Equal(172u, gguf.GetUInt32("llama.feed_forward_length"));
        Assert.Equal(5u, gguf.GetUInt32("llama.block_count"));
        Assert.Equal(8u, gguf.GetUInt32("llama.attention.head_count"));
        Assert.Equal(4u, gguf.GetUInt32("llama.attention.head_count_kv"));
        Assert.Equal(512u, gguf.GetUInt32("llama.context_length"));
        Assert.Equal(8u, gguf.GetUInt32("llama.rope.dimension_count"));
        Assert.Equal(1e-5f, gguf.GetFloat32("llama.attention.layer_norm_rms_epsilon"));
        Assert.Equal("llama", gguf.GetString("tokenizer.ggml.model"));
        Assert.Equal((1u, 2u, 0u), (gguf.GetUInt32("tokenizer.ggml.bos_token_id"), gguf.GetUInt32("tokenizer.ggml.eos_token_id"),
            gguf.GetUInt32("tokenizer.ggml.unknown_token_id")));
        Assert.True(gguf.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.True(gguf.GetBool("tokenizer.ggml.add_space_prefix"));

        // 1 + 1 + 5 × 9 tensors, all F32, no output.weight (the classifier is tied); bytes equal to the checkpoint's.
        Assert.Equal(47, gguf.Tensors.Count);
        Assert.All(gguf.Tensors, t => Assert.Equal(TensorType.F32, t.Type));
        Assert.Null(gguf.FindTensor("output.weight"));
        Assert.Equal([64L, 512L], gguf.GetTensor("token_embd.weight").Dimensions.ToArray());
        Assert.Equal([172L, 64L], gguf.GetTensor("blk.4.ffn_down.weight").Dimensions.ToArray());
        Assert.Equal([64L], gguf.GetTensor("blk.0.attn_norm.weight").Dimensions.ToArray());
        using var bin = Llama2cModelFile.Open(TestModels.Stories260KBin);
        foreach (GgufTensorInfo tensor in gguf.Tensors)
            Assert.Equal(BinBytes(bin, tensor.Name, tensor.Dimensions.Length), gguf.GetTensorData(tensor).ToArray());

        Assert.Equal(1.0, reported[^1]);
        Assert.True(reported.Zip(reported.Skip(1)).All(p => p.First <= p.Second), "progress must not go backwards");
        Assert.True(reported.Count > 10);
    }

    [Fact]
    public void Convert_Stories260K_EmbedsTheTok512Vocabulary()
    {
        using var temp = new TempDirectory();
        string output = temp.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, output);

        using var gguf = GgufFile.Open(output);
        Vocabulary converted = GgufVocabulary.Read(gguf);
        Vocabulary original = Llama2cTokenizerFile.ReadVocabulary(TestModels.Tok512Bin, 512);

        Assert.Equal(original.Count, converted.Count);
        Assert.Equal(original.Options, converted.Options);
        Assert.Equal("▁Once", converted.GetPiece(new TokenId(403)));
        for (int id = 0; id < original.Count; id++)
        {
            var token = new TokenId(id);
            Assert.Equal((original.GetPiece(token), original.GetScore(token), original.GetKind(token)),
                (converted.GetPiece(token), converted.GetScore(token), converted.GetKind(token)));
        }
        var tokenizer = SentencePieceBpeTokenizer.Create(converted);
        Assert.Equal([1, 403, 407, 261, 378], tokenizer.Encode("Once upon a time"));
        Assert.Equal([1, 410, 469, 347], tokenizer.Encode("Zoo"));
    }

    [Fact]
    public void Convert_SeparateClassifier_WritesOutputWeight()
    {
        using var temp = new TempDirectory();
        byte[] original = File.ReadAllBytes(TestModels.Stories260KBin);
        byte[] classifier = new byte[512 * 64 * 4];
        new Random(11).NextBytes(classifier);
        for (int i = 0; i < classifier.Length; i += 4)
            BinaryPrimitives.WriteSingleLittleEndian(classifier.AsSpan(i), (float)(i % 97) / 97f - 0.5f);
        byte[] file = [.. original, .. classifier];
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(20), -512);
        string bin = temp.File("separate.bin");
        File.WriteAllBytes(bin, file);
        string output = temp.File("separate.gguf");

        Llama2cConverter.Convert(bin, TestModels.Tok512Bin, output);

        using var gguf = GgufFile.Open(output);
        Assert.Equal(48, gguf.Tensors.Count);
        GgufTensorInfo tensor = gguf.GetTensor("output.weight");
        Assert.Equal([64L, 512L], tensor.Dimensions.ToArray());
        Assert.Equal(classifier, gguf.GetTensorData(tensor).ToArray());
        Assert.Equal("separate", gguf.GetString("general.name"));
    }

    [Fact]
    public void Convert_BadInput_ThrowsAndLeavesNoFile()
    {
        using var temp = new TempDirectory();
        string output = temp.File("out.gguf");
        string truncated = temp.File("truncated.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(TestModels.Stories260KBin)[..1000]);

        Assert.Throws<ModelLoadException>(() => Llama2cConverter.Convert(truncated, TestModels.Tok512Bin, output));
        Assert.Throws<ModelLoadException>(() => Llama2cConverter.Convert(TestModels.Stories260KBin, temp.File("none.bin"), output));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.gguf*"));
    }

    private static byte[] BinBytes(Llama2cModelFile bin, string name, int rank)
    {
        if (rank == 1)
            return bin.GetVector(name).SelectMany(BitConverter.GetBytes).ToArray();
        WeightMatrix matrix = bin.GetMatrix(name);
        return Enumerable.Range(0, matrix.Rows).SelectMany(r => matrix.Row(r).ToArray()).ToArray();
    }
}
