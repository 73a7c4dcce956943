using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Reference.Tests;

/// <summary>One model of the differential suite: a shape and the type its 2-D weights are stored in.</summary>
public sealed record DifferentialCase(string Name, SyntheticModelShape Shape, TensorType Type)
{
    /// <summary>Every weight type Augur runs.</summary>
    public static readonly TensorType[] AllTypes =
    [
        TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q8_0, TensorType.Q4_0, TensorType.Q4_1,
        TensorType.Q5_0, TensorType.Q5_1, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K,
    ];

    // Llama with grouped-query attention: 8 query heads of 32 share 2 KV heads; untied classifier. K-quants need rows
    // of 256-multiples: dim 256, ffn 768.
    private static readonly SyntheticModelShape LlamaGqa = new("llama", Dim: 256, Layers: 2, Heads: 8, KvHeads: 2, FeedForward: 768, VocabSize: 512);

    // Llama 3 style: rope_freqs (Llama 3.1 scaling factors), θ = 500000, head dim 64, tied classifier.
    private static readonly SyntheticModelShape Llama3 = new("llama", Dim: 256, Layers: 2, Heads: 4, KvHeads: 2, FeedForward: 768,
        VocabSize: 512, RopeTheta: 500000f, TiedOutput: true, Llama3RopeScaling: true);

    // Qwen2: Q/K/V biases, NeoX RoPE, θ = 1e6, 3 layers, tied classifier.
    private static readonly SyntheticModelShape Qwen2 = new("qwen2", Dim: 256, Layers: 3, Heads: 8, KvHeads: 4, FeedForward: 512,
        VocabSize: 512, RopeTheta: 1_000_000f, TiedOutput: true);

    // The real Llama 2 vocabulary (32000 pieces): a large classifier, plain multi-head attention.
    private static readonly SyntheticModelShape LlamaVocab32K = new("llama", Dim: 256, Layers: 2, Heads: 8, KvHeads: 8, FeedForward: 512, VocabSize: 32000);

    /// <summary>The suite, by name.</summary>
    public static readonly IReadOnlyDictionary<string, DifferentialCase> All = Build();

    /// <summary>The names, as xunit member data.</summary>
    public static TheoryData<string> Names => [.. All.Keys];

    public override string ToString() => Name;

    private static Dictionary<string, DifferentialCase> Build()
    {
        var cases = new List<DifferentialCase>();
        foreach (TensorType type in AllTypes)
            cases.Add(new($"llama-gqa-{type}", LlamaGqa, type));
        foreach (TensorType type in (TensorType[])[TensorType.F32, TensorType.Q8_0, TensorType.Q4_K])
            cases.Add(new($"llama3-rope-{type}", Llama3, type));
        foreach (TensorType type in (TensorType[])[TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q8_0, TensorType.Q5_1, TensorType.Q6_K])
            cases.Add(new($"qwen2-{type}", Qwen2, type));
        foreach (TensorType type in (TensorType[])[TensorType.F16, TensorType.Q4_0])
            cases.Add(new($"llama-32k-{type}", LlamaVocab32K, type));
        return cases.ToDictionary(c => c.Name);
    }
}
