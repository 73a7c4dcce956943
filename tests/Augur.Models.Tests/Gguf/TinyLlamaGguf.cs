using System.Runtime.InteropServices;
using Augur.Tensors;

namespace Augur.Models.Gguf.Tests;

/// <summary>
/// A complete, tiny llama GGUF model (dim 8, 1 block, 2 query heads, 1 KV head, FFN 16, 8 tokens, random F32 weights)
/// as a <see cref="GgufWriter"/>, for tests to damage one key or tensor at a time.
/// </summary>
internal static class TinyLlamaGguf
{
    public const int Dim = 8;
    public const int Hidden = 16;
    public const int Vocab = 8;
    public const int KvDim = 4;

    public static readonly string[] Pieces = ["<unk>", "<s>", "</s>", "▁a", "b", "▁ab", "c", "▁"];

    /// <summary>The writer; <paramref name="embeddingDims"/> overrides token_embd's shape (ggml order).</summary>
    public static GgufWriter Create(long[]? embeddingDims = null, int seed = 7)
    {
        var random = new Random(seed);
        var writer = new GgufWriter()
            .Add(GgufKeys.GeneralArchitecture, "llama")
            .Add(GgufKeys.ContextLength("llama"), 64u)
            .Add(GgufKeys.EmbeddingLength("llama"), (uint)Dim)
            .Add(GgufKeys.BlockCount("llama"), 1u)
            .Add(GgufKeys.FeedForwardLength("llama"), (uint)Hidden)
            .Add(GgufKeys.AttentionHeadCount("llama"), 2u)
            .Add(GgufKeys.AttentionHeadCountKv("llama"), 1u)
            .Add(GgufKeys.AttentionLayerNormRmsEpsilon("llama"), 1e-6f)
            .Add(GgufKeys.TokenizerModel, "llama")
            .Add(GgufKeys.TokenizerTokens, Pieces)
            .Add(GgufKeys.TokenizerScores, new[] { 0f, 0f, 0f, -1f, -2f, -3f, -4f, -5f })
            .Add(GgufKeys.TokenizerTokenType, new[] { 2, 3, 3, 1, 1, 1, 1, 1 });

        AddF32(writer, "token_embd.weight", embeddingDims ?? [Dim, Vocab], random);
        AddF32(writer, "output_norm.weight", [Dim], random);
        AddF32(writer, "blk.0.attn_norm.weight", [Dim], random);
        AddF32(writer, "blk.0.attn_q.weight", [Dim, Dim], random);
        AddF32(writer, "blk.0.attn_k.weight", [Dim, KvDim], random);
        AddF32(writer, "blk.0.attn_v.weight", [Dim, KvDim], random);
        AddF32(writer, "blk.0.attn_output.weight", [Dim, Dim], random);
        AddF32(writer, "blk.0.ffn_norm.weight", [Dim], random);
        AddF32(writer, "blk.0.ffn_gate.weight", [Dim, Hidden], random);
        AddF32(writer, "blk.0.ffn_up.weight", [Dim, Hidden], random);
        AddF32(writer, "blk.0.ffn_down.weight", [Hidden, Dim], random);
        return writer;
    }

    /// <summary>Random floats in [-1, 1) as an F32 tensor.</summary>
    public static float[] AddF32(GgufWriter writer, string name, long[] dims, Random random)
    {
        var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        writer.AddTensor(name, TensorType.F32, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return values;
    }

    /// <summary>The writer's output parsed in memory.</summary>
    public static GgufFile Open(GgufWriter writer, string name = "tiny.gguf")
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return GgufFile.OpenBytes(stream.ToArray(), name);
    }
}
