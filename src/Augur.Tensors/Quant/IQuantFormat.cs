namespace Augur.Tensors.Quant;

/// <summary>
/// One tensor element format with ggml's exact block layout. Implementations are empty structs whose
/// static members the kernels call through generics, so each format's loop is compiled on its own.
/// </summary>
/// <remarks>
/// A dot product takes a row of this format and a row of activations already converted to
/// <see cref="DotType"/> (8-bit blocks for the quantized formats, as in ggml's <c>vec_dot_type</c>).
/// <see cref="DotScalar"/> is the reference; <see cref="Dot"/> dispatches Vector512 → Vector256 → Vector128 → scalar
/// and must agree with it.
/// </remarks>
public interface IQuantFormat
{
    /// <summary>The ggml type id of this format.</summary>
    static abstract TensorType Type { get; }

    /// <summary>Elements per block.</summary>
    static abstract int BlockSize { get; }

    /// <summary>Bytes per block.</summary>
    static abstract int BlockBytes { get; }

    /// <summary>The format activations are converted to before a dot product with this format.</summary>
    static abstract TensorType DotType { get; }

    /// <summary>Expands whole blocks to floats. <paramref name="destination"/> holds blocks × BlockSize elements.</summary>
    static abstract void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination);

    /// <summary>ggml's reference quantization of <paramref name="source"/> (a multiple of BlockSize) into blocks.</summary>
    static abstract void Quantize(ReadOnlySpan<float> source, Span<byte> blocks);

    /// <summary>Dot product of <paramref name="n"/> elements: a row of this format against a row in <see cref="DotType"/>.</summary>
    static abstract float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n);

    /// <summary>The scalar reference of <see cref="Dot"/>.</summary>
    static abstract float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n);
}
