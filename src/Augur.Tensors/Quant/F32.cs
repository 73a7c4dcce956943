using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Augur.Tensors.Quant;

/// <summary>Plain little-endian float32 elements (ggml's <c>GGML_TYPE_F32</c>); activations stay float32.</summary>
public readonly struct F32 : IQuantFormat
{
    public static TensorType Type => TensorType.F32;

    public static int BlockSize => 1;

    public static int BlockBytes => sizeof(float);

    public static TensorType DotType => TensorType.F32;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, 1, sizeof(float));
        MemoryMarshal.Cast<byte, float>(blocks).CopyTo(destination[..count]);
    }

    /// <summary>Copies the float bits unchanged.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        BlockChecks.Quantize(source, blocks, 1, sizeof(float));
        MemoryMarshal.AsBytes(source).CopyTo(blocks);
    }

    /// <summary><see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> of the two rows.</summary>
    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, sizeof(float), sizeof(float));
        return TensorPrimitives.Dot(MemoryMarshal.Cast<byte, float>(blocks)[..n], MemoryMarshal.Cast<byte, float>(activations)[..n]);
    }

    /// <summary>ggml's scalar <c>ggml_vec_dot_f32</c>: float products summed in double.</summary>
    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, sizeof(float), sizeof(float));
        ReadOnlySpan<float> x = MemoryMarshal.Cast<byte, float>(blocks);
        ReadOnlySpan<float> y = MemoryMarshal.Cast<byte, float>(activations);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += x[i] * y[i];
        return (float)sum;
    }
}
