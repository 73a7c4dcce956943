namespace Augur.Tensors.Quant;

/// <summary>
/// Run-time dispatch from a <see cref="TensorType"/> to its <see cref="IQuantFormat"/>, for callers that know the type
/// only from a file. Hot loops dispatch once and then call the generic struct directly.
/// </summary>
public static class QuantFormats
{
    /// <summary>The format activations take before a dot product with weights of <paramref name="type"/>.</summary>
    public static TensorType DotType(TensorType type) => type switch
    {
        TensorType.F32 => F32.DotType,
        TensorType.F16 => F16.DotType,
        TensorType.BF16 => BF16.DotType,
        TensorType.Q8_0 => Q8_0.DotType,
        TensorType.Q8_1 => Q8_1.DotType,
        TensorType.Q4_0 => Q4_0.DotType,
        TensorType.Q4_1 => Q4_1.DotType,
        TensorType.Q5_0 => Q5_0.DotType,
        TensorType.Q5_1 => Q5_1.DotType,
        TensorType.Q4_K => Q4_K.DotType,
        TensorType.Q5_K => Q5_K.DotType,
        TensorType.Q6_K => Q6_K.DotType,
        TensorType.Q8_K => Q8_K.DotType,
        _ => QuantThrowHelper.ThrowNotSupported<TensorType>(type),
    };

    /// <summary>Expands whole blocks of <paramref name="type"/> to floats (see <see cref="IQuantFormat.Dequantize"/>).</summary>
    public static void Dequantize(TensorType type, ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        switch (type)
        {
            case TensorType.F32: F32.Dequantize(blocks, destination); break;
            case TensorType.F16: F16.Dequantize(blocks, destination); break;
            case TensorType.BF16: BF16.Dequantize(blocks, destination); break;
            case TensorType.Q8_0: Q8_0.Dequantize(blocks, destination); break;
            case TensorType.Q8_1: Q8_1.Dequantize(blocks, destination); break;
            case TensorType.Q4_0: Q4_0.Dequantize(blocks, destination); break;
            case TensorType.Q4_1: Q4_1.Dequantize(blocks, destination); break;
            case TensorType.Q5_0: Q5_0.Dequantize(blocks, destination); break;
            case TensorType.Q5_1: Q5_1.Dequantize(blocks, destination); break;
            case TensorType.Q4_K: Q4_K.Dequantize(blocks, destination); break;
            case TensorType.Q5_K: Q5_K.Dequantize(blocks, destination); break;
            case TensorType.Q6_K: Q6_K.Dequantize(blocks, destination); break;
            case TensorType.Q8_K: Q8_K.Dequantize(blocks, destination); break;
            default: QuantThrowHelper.ThrowNotSupported(type); break;
        }
    }

    /// <summary>ggml's reference quantization of <paramref name="source"/> into <paramref name="type"/> blocks (see <see cref="IQuantFormat.Quantize"/>).</summary>
    public static void Quantize(TensorType type, ReadOnlySpan<float> source, Span<byte> blocks)
    {
        switch (type)
        {
            case TensorType.F32: F32.Quantize(source, blocks); break;
            case TensorType.F16: F16.Quantize(source, blocks); break;
            case TensorType.BF16: BF16.Quantize(source, blocks); break;
            case TensorType.Q8_0: Q8_0.Quantize(source, blocks); break;
            case TensorType.Q8_1: Q8_1.Quantize(source, blocks); break;
            case TensorType.Q4_0: Q4_0.Quantize(source, blocks); break;
            case TensorType.Q4_1: Q4_1.Quantize(source, blocks); break;
            case TensorType.Q5_0: Q5_0.Quantize(source, blocks); break;
            case TensorType.Q5_1: Q5_1.Quantize(source, blocks); break;
            case TensorType.Q4_K: Q4_K.Quantize(source, blocks); break;
            case TensorType.Q5_K: Q5_K.Quantize(source, blocks); break;
            case TensorType.Q6_K: Q6_K.Quantize(source, blocks); break;
            case TensorType.Q8_K: Q8_K.Quantize(source, blocks); break;
            default: QuantThrowHelper.ThrowNotSupported(type); break;
        }
    }

    /// <summary>
    /// Dot product of <paramref name="n"/> elements: a <paramref name="type"/> row against activations already in
    /// <see cref="DotType"/>(<paramref name="type"/>) (see <see cref="IQuantFormat.Dot"/>).
    /// </summary>
    public static float Dot(TensorType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> activations, int n) => type switch
    {
        TensorType.F32 => F32.Dot(row, activations, n),
        TensorType.F16 => F16.Dot(row, activations, n),
        TensorType.BF16 => BF16.Dot(row, activations, n),
        TensorType.Q8_0 => Q8_0.Dot(row, activations, n),
        TensorType.Q8_1 => Q8_1.Dot(row, activations, n),
        TensorType.Q4_0 => Q4_0.Dot(row, activations, n),
        TensorType.Q4_1 => Q4_1.Dot(row, activations, n),
        TensorType.Q5_0 => Q5_0.Dot(row, activations, n),
        TensorType.Q5_1 => Q5_1.Dot(row, activations, n),
        TensorType.Q4_K => Q4_K.Dot(row, activations, n),
        TensorType.Q5_K => Q5_K.Dot(row, activations, n),
        TensorType.Q6_K => Q6_K.Dot(row, activations, n),
        TensorType.Q8_K => Q8_K.Dot(row, activations, n),
        _ => QuantThrowHelper.ThrowNotSupported<float>(type),
    };
}
