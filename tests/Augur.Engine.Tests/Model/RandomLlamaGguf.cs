using System.Runtime.InteropServices;
using Augur.Models.Gguf;
using Augur.Tensors;

namespace Augur.Engine.Model.Tests;

/// <summary>Writes a llama GGUF with seeded random F32 weights (uniform, scaled by 1/√fan-in; norms near 1) and no
/// tokenizer, for engine tests that need shapes the real test models lack.</summary>
internal static class RandomLlamaGguf
{
    public static void Write(string path, int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seed,
        float[]? ropeFactors = null)
    {
        var random = new Random(seed);
        int kvDim = dim / heads * kvHeads;
        var writer = new GgufWriter()
            .Add(GgufKeys.GeneralArchitecture, "llama")
            .Add(GgufKeys.ContextLength("llama"), 128u)
            .Add(GgufKeys.EmbeddingLength("llama"), (uint)dim)
            .Add(GgufKeys.BlockCount("llama"), (uint)layers)
            .Add(GgufKeys.FeedForwardLength("llama"), (uint)hidden)
            .Add(GgufKeys.AttentionHeadCount("llama"), (uint)heads)
            .Add(GgufKeys.AttentionHeadCountKv("llama"), (uint)kvHeads)
            .Add(GgufKeys.AttentionLayerNormRmsEpsilon("llama"), 1e-5f);
        Add(writer, "token_embd.weight", [dim, vocab], 1f, 0f, random);
        Add(writer, "output_norm.weight", [dim], 0.2f, 1f, random);
        if (ropeFactors is not null)
            writer.AddTensor("rope_freqs.weight", TensorType.F32, [ropeFactors.Length], MemoryMarshal.AsBytes(ropeFactors.AsSpan()).ToArray());
        for (int i = 0; i < layers; i++)
        {
            Add(writer, $"blk.{i}.attn_norm.weight", [dim], 0.2f, 1f, random);
            Add(writer, $"blk.{i}.attn_q.weight", [dim, dim], 1f / MathF.Sqrt(dim), 0f, random);
            Add(writer, $"blk.{i}.attn_k.weight", [dim, kvDim], 1f / MathF.Sqrt(dim), 0f, random);
            Add(writer, $"blk.{i}.attn_v.weight", [dim, kvDim], 1f / MathF.Sqrt(dim), 0f, random);
            Add(writer, $"blk.{i}.attn_output.weight", [dim, dim], 1f / MathF.Sqrt(dim), 0f, random);
            Add(writer, $"blk.{i}.ffn_norm.weight", [dim], 0.2f, 1f, random);
            Add(writer, $"blk.{i}.ffn_gate.weight", [dim, hidden], 1f / MathF.Sqrt(dim), 0f, random);
            Add(writer, $"blk.{i}.ffn_up.weight", [dim, hidden], 1f / MathF.Sqrt(dim), 0f, random);
            Add(writer, $"blk.{i}.ffn_down.weight", [hidden, dim], 1f / MathF.Sqrt(hidden), 0f, random);
        }
        writer.Write(path);
    }

    private static void Add(GgufWriter writer, string name, long[] dims, float scale, float offset, Random random)
    {
        var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
            values[i] = offset + scale * (float)(random.NextDouble() * 2 - 1);
        writer.AddTensor(name, TensorType.F32, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }
}
