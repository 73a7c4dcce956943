using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// Every buffer the forward pass uses, allocated once. Batch buffers hold up to <c>B</c> = MaxBatchTokens rows,
/// token-major, so that a matrix product writes its output for all tokens in one place. Keys and values live in the
/// <see cref="Kv.KvCache"/>, not here: <see cref="K"/> and <see cref="V"/> only stage a pass's new rows.
/// </summary>
internal sealed class RunState
{
    public RunState(ModelWeights weights, int maxBatchTokens, int maxLogitsRows, int contextLength, int workerCount)
    {
        ModelConfig c = weights.Config;
        int dim = c.EmbeddingLength, qDim = c.QueryLength, kvDim = c.KeyValueLength, hidden = c.FeedForwardLength;
        int pairs = c.RopeDimensionCount / 2;

        X = new float[maxBatchTokens * dim];
        Xb = new float[maxBatchTokens * dim];
        Q = new float[maxBatchTokens * qDim];
        K = new float[maxBatchTokens * kvDim];
        V = new float[maxBatchTokens * kvDim];
        AttentionOut = new float[maxBatchTokens * qDim];
        Hb = new float[maxBatchTokens * hidden];
        Hb2 = new float[maxBatchTokens * hidden];
        Converted = new byte[maxBatchTokens * MaxActivationBytes(weights)];
        Scores = new float[(long)workerCount * (c.HeadCount / c.HeadCountKv) * contextLength];
        Logits = new float[(long)maxLogitsRows * c.VocabSize];
        InverseFrequencies = new float[pairs];
        Cos = new float[maxBatchTokens * pairs];
        Sin = new float[maxBatchTokens * pairs];
        Kernels.RopeInverseFrequencies(c.RopeDimensionCount, c.RopeFreqBase, weights.RopeFrequencyFactors, c.RopeScalingFactor, InverseFrequencies);
    }

    public float[] X { get; }                   // (B, dim) residual stream
    public float[] Xb { get; }                  // (B, dim) normed input of a block, then a block's output
    public float[] Q { get; }                   // (B, heads·headDim) queries
    public float[] K { get; }                   // (B, kvHeads·headDim) new keys, rotated, before they go to the cache
    public float[] V { get; }                   // (B, kvHeads·headDim) new values
    public float[] AttentionOut { get; }        // (B, heads·headDim) attention-weighted values
    public float[] Hb { get; }                  // (B, hidden) gate, then SwiGLU output
    public float[] Hb2 { get; }                 // (B, hidden) up
    public byte[] Converted { get; }            // (B, activation bytes) a matrix product's input, in the weight's dot format
    public float[] Scores { get; }              // (workers, group, seqLen) attention rows of one query group per worker
    public float[] Logits { get; }              // (logits rows, vocab) of the tokens whose logits are wanted
    public float[] InverseFrequencies { get; }  // (ropeDims/2) RoPE angular speeds
    public float[] Cos { get; }                 // (B, ropeDims/2) RoPE cosines of each token's position
    public float[] Sin { get; }                 // (B, ropeDims/2)

    private static int MaxActivationBytes(ModelWeights weights)
    {
        int max = weights.Output.ActivationBytes;
        foreach (LayerWeights layer in weights.Layers)
        {
            foreach (LinearWeights w in layer.Matrices)
                max = Math.Max(max, w.ActivationBytes);
        }
        return max;
    }
}
