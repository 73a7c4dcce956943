using System.Text;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Models.Gguf.Tests;

/// <summary>Reads the real llama-2-tiny-random GGUF; expectations come from shared/models/README.md §3.</summary>
public class GgufFileTests
{
    private static GgufFile OpenTiny() => GgufFile.Open(TestModels.Llama2TinyRandomGguf);

    [Fact]
    public void Open_TinyLlama_HeaderMatchesReadme()
    {
        using GgufFile file = OpenTiny();
        Assert.Equal(3, file.Version);
        Assert.Equal(12, file.Tensors.Count);
        Assert.Equal(18, file.Metadata.Count);
        Assert.Equal(32u, file.Alignment);
        Assert.Equal(724416, file.DataOffset);
        Assert.Equal(1750560, file.FileLength);
        Assert.Equal(GgufKeys.GeneralArchitecture, file.MetadataEntries[0].Key);
    }

    [Fact]
    public void Open_TinyLlama_HyperparametersMatchReadme()
    {
        using GgufFile file = OpenTiny();
        string arch = file.GetString(GgufKeys.GeneralArchitecture);
        Assert.Equal("llama", arch);
        Assert.Equal("LLaMA v2", file.GetString(GgufKeys.GeneralName));
        Assert.Equal(4096u, file.GetUInt32(GgufKeys.ContextLength(arch)));
        Assert.Equal(4096L, file.GetInt64(GgufKeys.ContextLength(arch)));
        Assert.Equal(8, file.GetInt32(GgufKeys.EmbeddingLength(arch)));
        Assert.Equal(1u, file.GetUInt32(GgufKeys.BlockCount(arch)));
        Assert.Equal(32u, file.GetUInt32(GgufKeys.FeedForwardLength(arch)));
        Assert.Equal(4u, file.GetUInt32(GgufKeys.RopeDimensionCount(arch)));
        Assert.Equal(2u, file.GetUInt32(GgufKeys.AttentionHeadCount(arch)));
        Assert.Equal(2u, file.GetUInt32(GgufKeys.AttentionHeadCountKv(arch)));
        Assert.Equal(1e-5f, file.GetFloat32(GgufKeys.AttentionLayerNormRmsEpsilon(arch)));
        Assert.Equal(1u, file.GetUInt32(GgufKeys.GeneralFileType));
        Assert.Equal("llama", file.GetString(GgufKeys.TokenizerModel));
        Assert.Equal(1u, file.GetUInt32(GgufKeys.TokenizerBosTokenId));
        Assert.Equal(2u, file.GetUInt32(GgufKeys.TokenizerEosTokenId));
        Assert.Equal(0u, file.GetUInt32(GgufKeys.TokenizerUnknownTokenId));
        Assert.Equal(10000f, file.GetOrDefault(GgufKeys.RopeFreqBase(arch), 10000f));
    }

    [Fact]
    public void Open_TinyLlama_TensorsMatchReadme()
    {
        using GgufFile file = OpenTiny();
        (string Name, TensorType Type, long[] Dims)[] expected =
        [
            ("token_embd.weight", TensorType.F16, [8, 32000]),
            ("blk.0.attn_q.weight", TensorType.F16, [8, 8]),
            ("blk.0.attn_k.weight", TensorType.F16, [8, 8]),
            ("blk.0.attn_v.weight", TensorType.F16, [8, 8]),
            ("blk.0.attn_output.weight", TensorType.F16, [8, 8]),
            ("blk.0.ffn_gate.weight", TensorType.F16, [8, 32]),
            ("blk.0.ffn_up.weight", TensorType.F16, [8, 32]),
            ("blk.0.ffn_down.weight", TensorType.F16, [32, 8]),
            ("blk.0.attn_norm.weight", TensorType.F32, [8]),
            ("blk.0.ffn_norm.weight", TensorType.F32, [8]),
            ("output_norm.weight", TensorType.F32, [8]),
            ("output.weight", TensorType.F16, [8, 32000]),
        ];
        foreach ((string name, TensorType type, long[] dims) in expected)
        {
            GgufTensorInfo? tensor = file.FindTensor(name);
            Assert.NotNull(tensor);
            Assert.Equal(type, tensor.Type);
            Assert.Equal(dims, tensor.Dimensions.ToArray());
            long elements = dims.Aggregate(1L, (a, b) => a * b);
            Assert.Equal(elements, tensor.ElementCount);
            Assert.Equal(elements * (type == TensorType.F32 ? 4 : 2), tensor.ByteLength);
            Assert.Equal(0, tensor.Offset % 32);
            Assert.True(file.DataOffset + tensor.Offset + tensor.ByteLength <= file.FileLength);
        }
        Assert.Null(file.FindTensor("blk.1.attn_q.weight"));
        Assert.Throws<ModelLoadException>(() => file.GetTensor("rope_freqs.weight"));
    }

    [Fact]
    public void GetWeightMatrix_TokenEmbedding_HasVocabRowsOfEmbeddingColumns()
    {
        using GgufFile file = OpenTiny();
        GgufTensorInfo tensor = file.GetTensor("token_embd.weight");
        WeightMatrix matrix = file.GetWeightMatrix(tensor);
        Assert.Equal(32000, matrix.Rows);
        Assert.Equal(8, matrix.Columns);
        Assert.Equal(16, matrix.RowBytes);
        Assert.True(file.GetTensorData(tensor)[(16 * 31999)..].SequenceEqual(matrix.Row(31999)));
    }

    [Fact]
    public void ReadFloat32_F16Tensor_MatchesHalfDecodingOfRawBytes()
    {
        using GgufFile file = OpenTiny();
        GgufTensorInfo tensor = file.GetTensor("blk.0.attn_q.weight");
        float[] values = file.ReadFloat32(tensor);
        ReadOnlySpan<byte> raw = file.GetTensorData(tensor);
        Assert.Equal(64, values.Length);
        for (int i = 0; i < values.Length; i++)
            Assert.Equal((float)BitConverter.UInt16BitsToHalf((ushort)(raw[2 * i] | raw[2 * i + 1] << 8)), values[i]);
        Assert.All(file.ReadFloat32(file.GetTensor("output_norm.weight")), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Vocabulary_TinyLlama_EqualsLlama2TokenizerBin()
    {
        // tokenizer.bin (llama2.c's export of the same Llama 2 model) is an independent oracle: pieces with '▁' as ' ',
        // and BOS/EOS written as "\n<s>\n" / "\n</s>\n".
        using GgufFile file = OpenTiny();
        string[] tokens = file.GetStringArray(GgufKeys.TokenizerTokens);
        float[] scores = file.GetFloat32Array(GgufKeys.TokenizerScores);
        int[] types = file.GetInt32Array(GgufKeys.TokenizerTokenType);
        Assert.Equal(32000, tokens.Length);
        Assert.Equal(32000, scores.Length);
        Assert.Equal(32000, types.Length);

        using var reader = new BinaryReader(File.OpenRead(TestModels.Llama2TokenizerBin));
        reader.ReadInt32(); // max token length
        for (int id = 0; id < 32000; id++)
        {
            float score = reader.ReadSingle();
            string piece = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32()));
            Assert.Equal(score, scores[id]);
            string expected = id switch { 1 => "<s>", 2 => "</s>", _ => piece.Replace(' ', '▁') };
            if (id is 1 or 2)
                Assert.Equal($"\n{expected}\n", piece);
            Assert.Equal(expected, tokens[id]);
        }
        Assert.Equal(2, types[0]); // unknown
        Assert.Equal(3, types[1]); // control
        Assert.Equal(6, types[3]); // byte <0x00>
        Assert.Equal("<0x00>", tokens[3]);
        Assert.True(file.GetValue(GgufKeys.TokenizerTokens).GetUtf8(3).SequenceEqual("<0x00>"u8));
    }

    [Fact]
    public void TypedGetters_MissingOrMistypedKey_ThrowNamingTheKey()
    {
        using GgufFile file = OpenTiny();
        var missing = Assert.Throws<ModelLoadException>(() => file.GetUInt32("llama.no_such_key"));
        Assert.Contains("llama.no_such_key", missing.Fault, StringComparison.Ordinal);
        Assert.Equal(TestModels.Llama2TinyRandomGguf, missing.Path);
        var mistyped = Assert.Throws<ModelLoadException>(() => file.GetUInt32(GgufKeys.GeneralArchitecture));
        Assert.Contains(GgufKeys.GeneralArchitecture, mistyped.Fault, StringComparison.Ordinal);
        Assert.Throws<ModelLoadException>(() => file.GetStringArray(GgufKeys.TokenizerScores));
        Assert.Throws<ModelLoadException>(() => file.GetInt32Array(GgufKeys.TokenizerTokens));
        Assert.Throws<ModelLoadException>(() => file.GetFloat32(GgufKeys.TokenizerModel));
        Assert.False(file.TryGetString("llama.no_such_key", out _));
        Assert.True(file.TryGetString(GgufKeys.TokenizerModel, out string? model));
        Assert.Equal("llama", model);
        Assert.Equal(7u, file.GetOrDefault("llama.no_such_key", 7u));
    }

    [Fact]
    public void Dispose_ReleasesMappingAndHandle_FileCanBeDeleted()
    {
        using var dir = new TempDirectory();
        string path = dir.File("copy.gguf");
        File.Copy(TestModels.Llama2TinyRandomGguf, path);
        var file = GgufFile.Open(path);
        GgufValue tokens = file.GetValue(GgufKeys.TokenizerTokens);
        GgufTensorInfo norm = file.GetTensor("output_norm.weight");
        Assert.Equal("<unk>", tokens.GetString(0));
        if (OperatingSystem.IsLinux())
            Assert.True(IsMappedOrOpen(path));

        file.Dispose();
        file.Dispose(); // idempotent
        if (OperatingSystem.IsLinux())
            Assert.False(IsMappedOrOpen(path));
        Assert.Throws<ObjectDisposedException>(() => tokens.GetString(0));
        Assert.Throws<ObjectDisposedException>(() => file.GetTensorData(norm).Length);
        Assert.Equal("llama", file.GetString(GgufKeys.GeneralArchitecture)); // scalars outlive the mapping
        File.Delete(path);
        Assert.False(File.Exists(path));
    }

    private static bool IsMappedOrOpen(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.ReadAllText("/proc/self/maps").Contains(full, StringComparison.Ordinal))
            return true;
        foreach (string fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == full)
                    return true;
            }
            catch (IOException) { }
        }
        return false;
    }
}
