using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>The weights of one transformer block, shapes as rows × columns (output × input).</summary>
public sealed class LayerWeights : IDisposable
{
    /// <summary>attn_norm (dim).</summary>
    public required float[] AttentionNorm { get; init; }

    /// <summary>attn_q (heads·headDim, dim).</summary>
    public required LinearWeights Query { get; init; }

    /// <summary>attn_k (kvHeads·headDim, dim).</summary>
    public required LinearWeights Key { get; init; }

    /// <summary>attn_v (kvHeads·headDim, dim).</summary>
    public required LinearWeights Value { get; init; }

    /// <summary>attn_output (dim, heads·headDim).</summary>
    public required LinearWeights AttentionOutput { get; init; }

    /// <summary>attn_q.bias (heads·headDim), or null.</summary>
    public float[]? QueryBias { get; init; }

    /// <summary>attn_k.bias (kvHeads·headDim), or null.</summary>
    public float[]? KeyBias { get; init; }

    /// <summary>attn_v.bias (kvHeads·headDim), or null.</summary>
    public float[]? ValueBias { get; init; }

    /// <summary>ffn_norm (dim).</summary>
    public required float[] FeedForwardNorm { get; init; }

    /// <summary>ffn_gate (hidden, dim): llama2.c's w1.</summary>
    public required LinearWeights Gate { get; init; }

    /// <summary>ffn_up (hidden, dim): llama2.c's w3.</summary>
    public required LinearWeights Up { get; init; }

    /// <summary>ffn_down (dim, hidden): llama2.c's w2.</summary>
    public required LinearWeights Down { get; init; }

    /// <summary>The matrices, in the order the forward pass uses them.</summary>
    public IEnumerable<LinearWeights> Matrices => [Query, Key, Value, AttentionOutput, Gate, Up, Down];

    /// <summary>Frees repacked matrices.</summary>
    public void Dispose()
    {
        foreach (LinearWeights matrix in Matrices)
            matrix.Dispose();
    }
}
