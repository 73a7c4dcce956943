using Augur.Models;
using Augur.Tensors;

namespace Augur.Bench;

/// <summary>
/// The work and memory traffic one token costs a llama-family model, from its tensors: what the roofline shares of
/// <see cref="RooflineShares"/> divide by.
/// </summary>
/// <param name="MatmulParameters">
/// Elements of the weight matrices every prompt token goes through: the attention (Q, K, V, output) and feed-forward
/// (gate, up, down) matrices of every block. A token costs 2 operations per element. The classifier is left out (a
/// prefill evaluates it for the last token only), and so are the attention scores themselves.
/// </param>
/// <param name="DecodeWeightBytes">
/// Bytes of weights one decode step reads: the block matrices, the classifier, the norm vectors and one embedding row.
/// </param>
/// <param name="KvElementsPerPosition">Keys and values cached per position, all layers: 2 × layers × KV width.</param>
/// <param name="Quantized">Whether most weights are in a block-quantized type, so that int8 dot products are the compute ceiling (else fp32).</param>
public sealed record ModelCost(long MatmulParameters, long DecodeWeightBytes, long KvElementsPerPosition, bool Quantized)
{
    private static readonly string[] BlockMatrices =
        ["attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"];

    /// <summary>The cost of the model whose hyperparameters are <paramref name="config"/> and tensors <paramref name="tensors"/> (GGUF names).</summary>
    /// <exception cref="ModelLoadException">A tensor is missing.</exception>
    public static ModelCost Of(ModelConfig config, ITensorSource tensors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tensors);
        long parameters = 0, bytes = 0;
        TensorType gateType = TensorType.F32;
        for (int layer = 0; layer < config.BlockCount; layer++)
        {
            foreach (string name in BlockMatrices)
            {
                WeightMatrix matrix = tensors.GetMatrix($"blk.{layer}.{name}.weight");
                parameters += (long)matrix.Rows * matrix.Columns;
                bytes += matrix.ByteLength;
                if (layer == 0 && name == "ffn_gate")
                    gateType = matrix.Type;
            }
        }

        WeightMatrix embedding = tensors.GetMatrix("token_embd.weight");
        WeightMatrix classifier = tensors.Contains("output.weight") ? tensors.GetMatrix("output.weight") : embedding;
        long norms = (2L * config.BlockCount + 1) * config.EmbeddingLength * sizeof(float);
        bytes += classifier.ByteLength + norms + embedding.RowBytes;
        long kv = 2L * config.BlockCount * config.KeyValueLength;
        return new ModelCost(parameters, bytes, kv, IsQuantized(gateType));
    }

    /// <summary>Whether <paramref name="type"/> is a block-quantized integer type (not F32, F16 or BF16).</summary>
    public static bool IsQuantized(TensorType type) => type is not (TensorType.F32 or TensorType.F16 or TensorType.BF16);

    /// <summary>
    /// Bytes one decode step at batch 1 reads: the weights plus the cached keys and values of
    /// <paramref name="cachedPositions"/> positions, <paramref name="kvElementBytes"/> bytes each.
    /// </summary>
    public double DecodeBytes(double cachedPositions, int kvElementBytes) =>
        DecodeWeightBytes + KvElementsPerPosition * cachedPositions * kvElementBytes;
}
