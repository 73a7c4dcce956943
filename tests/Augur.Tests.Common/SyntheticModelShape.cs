namespace Augur.Tests.Common;

/// <summary>
/// The hyperparameters of a random-weight model that <see cref="SyntheticModels.Write"/> builds. The vocabulary is a
/// real one so that llama.cpp accepts the file: <see cref="VocabSize"/> 512 takes stories260K's <c>tok512</c>, 32000
/// the Llama 2 vocabulary.
/// </summary>
/// <param name="Architecture"><c>"llama"</c> or <c>"qwen2"</c> (qwen2 always gets Q/K/V biases and NeoX RoPE).</param>
/// <param name="Dim">Residual width (<c>embedding_length</c>).</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Heads">Query heads; the head dimension is <paramref name="Dim"/> / <paramref name="Heads"/>.</param>
/// <param name="KvHeads">Key/value heads (fewer than <paramref name="Heads"/>: grouped-query attention).</param>
/// <param name="FeedForward">SwiGLU hidden width.</param>
/// <param name="VocabSize">512 (tok512) or 32000 (Llama 2).</param>
/// <param name="ContextLength">Declared context length, in tokens.</param>
/// <param name="RopeTheta">RoPE base (<c>rope.freq_base</c>).</param>
/// <param name="TiedOutput">Whether the classifier reuses <c>token_embd</c> (no <c>output.weight</c>).</param>
/// <param name="Llama3RopeScaling">Whether to write <c>rope_freqs.weight</c> with Llama 3.1's per-frequency factors.</param>
public sealed record SyntheticModelShape(
    string Architecture,
    int Dim,
    int Layers,
    int Heads,
    int KvHeads,
    int FeedForward,
    int VocabSize,
    int ContextLength = 2048,
    float RopeTheta = 10000f,
    bool TiedOutput = false,
    bool Llama3RopeScaling = false)
{
    /// <summary>Elements per attention head.</summary>
    public int HeadDim => Dim / Heads;

    /// <summary>Rows of <c>attn_q</c>.</summary>
    public int QueryLength => Heads * HeadDim;

    /// <summary>Rows of <c>attn_k</c> and <c>attn_v</c>.</summary>
    public int KeyValueLength => KvHeads * HeadDim;

    /// <summary>Whether the architecture carries Q/K/V biases (qwen2).</summary>
    public bool HasQkvBias => Architecture == "qwen2";

    /// <summary>A short name for test output, e.g. <c>llama-d256-l2-h8-kv2-v512-untied</c>.</summary>
    public override string ToString() =>
        $"{Architecture}-d{Dim}-l{Layers}-h{Heads}-kv{KvHeads}-f{FeedForward}-v{VocabSize}" +
        $"{(TiedOutput ? "-tied" : "-untied")}{(Llama3RopeScaling ? "-rope3" : "")}";

    /// <summary>Throws <see cref="ArgumentException"/> when the shape cannot be built.</summary>
    public void Validate()
    {
        if (Architecture is not ("llama" or "qwen2"))
            throw new ArgumentException($"Architecture must be llama or qwen2, not '{Architecture}'.");
        if (Dim <= 0 || Layers <= 0 || Heads <= 0 || KvHeads <= 0 || FeedForward <= 0 || ContextLength <= 0)
            throw new ArgumentException($"Every size must be positive: {this}.");
        if (Dim % Heads != 0 || Heads % KvHeads != 0 || HeadDim % 2 != 0)
            throw new ArgumentException($"Heads must divide Dim, KvHeads must divide Heads, and the head dimension be even: {this}.");
        if (VocabSize is not (512 or 32000))
            throw new ArgumentException($"VocabSize must be 512 (tok512) or 32000 (Llama 2), not {VocabSize}.");
    }
}
