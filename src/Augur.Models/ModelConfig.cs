using Augur.Tensors;

namespace Augur.Models;

/// <summary>
/// The hyperparameters of a llama-family decoder, as a model file declares them (GGUF <c>{arch}.*</c> keys, or a
/// llama2.c header). Immutable; <see cref="Validate"/> checks that the numbers describe a buildable model.
/// </summary>
public sealed record ModelConfig
{
    private readonly int _headDim;
    private readonly int _ropeDimensionCount;

    /// <summary>Architecture name as in GGUF <c>general.architecture</c>: <c>"llama"</c>, <c>"qwen2"</c>…</summary>
    public required string Architecture { get; init; }

    /// <summary>Width of the residual stream (<c>dim</c>, GGUF <c>embedding_length</c>).</summary>
    public required int EmbeddingLength { get; init; }

    /// <summary>Number of transformer layers (GGUF <c>block_count</c>).</summary>
    public required int BlockCount { get; init; }

    /// <summary>Number of query heads (GGUF <c>attention.head_count</c>).</summary>
    public required int HeadCount { get; init; }

    /// <summary>Number of key/value heads; fewer than <see cref="HeadCount"/> means grouped-query attention.</summary>
    public required int HeadCountKv { get; init; }

    /// <summary>Elements per head for queries, keys and values (GGUF <c>attention.key_length</c>). Defaults to
    /// <see cref="EmbeddingLength"/> / <see cref="HeadCount"/> when not set (or set to 0).</summary>
    public int HeadDim
    {
        get => _headDim != 0 ? _headDim : (HeadCount > 0 ? EmbeddingLength / HeadCount : 0);
        init => _headDim = value;
    }

    /// <summary>Hidden width of the SwiGLU feed-forward block (GGUF <c>feed_forward_length</c>).</summary>
    public required int FeedForwardLength { get; init; }

    /// <summary>Number of tokens in the vocabulary: rows of <c>token_embd</c> and of the classifier.</summary>
    public required int VocabSize { get; init; }

    /// <summary>Longest sequence the model was trained for, in tokens (GGUF <c>context_length</c>).</summary>
    public required int ContextLength { get; init; }

    /// <summary>ε added to the mean square in RMSNorm (GGUF <c>attention.layer_norm_rms_epsilon</c>). Default 1e-5.</summary>
    public float RmsNormEps { get; init; } = 1e-5f;

    /// <summary>RoPE θ base (GGUF <c>rope.freq_base</c>). Default 10000.</summary>
    public float RopeFreqBase { get; init; } = 10000f;

    /// <summary>Dimensions per head that RoPE rotates (GGUF <c>rope.dimension_count</c>). Defaults to
    /// <see cref="HeadDim"/> (the whole head) when not set (or set to 0).</summary>
    public int RopeDimensionCount
    {
        get => _ropeDimensionCount != 0 ? _ropeDimensionCount : HeadDim;
        init => _ropeDimensionCount = value;
    }

    /// <summary>Which dimensions RoPE pairs up: adjacent (llama) or halves (qwen2). Default <see cref="RopeStyle.Normal"/>.</summary>
    public RopeStyle RopeStyle { get; init; } = RopeStyle.Normal;

    /// <summary>Linear RoPE scaling factor (GGUF <c>rope.scaling.factor</c> with type linear): positions are divided by
    /// it. Default 1, meaning none.</summary>
    public float RopeScalingFactor { get; init; } = 1f;

    /// <summary>Width of all query heads together: rows of <c>attn_q</c>, columns of <c>attn_output</c>.</summary>
    public int QueryLength => HeadCount * HeadDim;

    /// <summary>Width of all key (or value) heads together: rows of <c>attn_k</c> and <c>attn_v</c>.</summary>
    public int KeyValueLength => HeadCountKv * HeadDim;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent value, if any.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Architecture), "Architecture is empty.");
        Require(EmbeddingLength > 0, $"EmbeddingLength must be positive, not {EmbeddingLength}.");
        Require(BlockCount > 0, $"BlockCount must be positive, not {BlockCount}.");
        Require(HeadCount > 0, $"HeadCount must be positive, not {HeadCount}.");
        Require(HeadCountKv > 0, $"HeadCountKv must be positive, not {HeadCountKv}.");
        Require(HeadCount % HeadCountKv == 0, $"HeadCountKv ({HeadCountKv}) must divide HeadCount ({HeadCount}).");
        Require(_headDim >= 0, $"HeadDim must not be negative, not {_headDim}.");
        Require(_headDim != 0 || EmbeddingLength % HeadCount == 0,
            $"HeadCount ({HeadCount}) must divide EmbeddingLength ({EmbeddingLength}) when HeadDim is not given.");
        Require(HeadDim > 0, "The head dimension is zero.");
        Require((long)HeadCount * HeadDim <= int.MaxValue, "HeadCount × HeadDim overflows.");
        Require(FeedForwardLength > 0, $"FeedForwardLength must be positive, not {FeedForwardLength}.");
        Require(VocabSize > 0, $"VocabSize must be positive, not {VocabSize}.");
        Require(ContextLength > 0, $"ContextLength must be positive, not {ContextLength}.");
        Require(RmsNormEps > 0 && float.IsFinite(RmsNormEps), $"RmsNormEps must be positive and finite, not {RmsNormEps}.");
        Require(RopeFreqBase > 0 && float.IsFinite(RopeFreqBase), $"RopeFreqBase must be positive and finite, not {RopeFreqBase}.");
        Require(_ropeDimensionCount >= 0, $"RopeDimensionCount must not be negative, not {_ropeDimensionCount}.");
        Require(RopeDimensionCount % 2 == 0 && RopeDimensionCount <= HeadDim,
            $"RoPE dimensions ({RopeDimensionCount}) must be even and at most the head dimension ({HeadDim}).");
        Require(Enum.IsDefined(RopeStyle), $"Unknown RoPE style {RopeStyle}.");
        Require(RopeScalingFactor > 0 && float.IsFinite(RopeScalingFactor),
            $"RopeScalingFactor must be positive and finite, not {RopeScalingFactor}.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message);
    }
}
