namespace Augur.Tensors;

/// <summary>
/// The element types of a weight tensor. Values are ggml's <c>ggml_type</c> ids, as stored in GGUF files.
/// </summary>
public enum TensorType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    /// <summary>Activation-only format: Q8_0 plus the block sum, consumed by Q4_1 and Q5_1 dot products.</summary>
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    BF16 = 30,
}
