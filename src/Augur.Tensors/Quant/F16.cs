using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Tensors.Quant;

/// <summary>
/// IEEE half elements (ggml's <c>GGML_TYPE_F16</c>). As in ggml, activations are converted to F16 too (round to nearest
/// even) and the dot product widens both to float.
/// </summary>
public readonly struct F16 : IQuantFormat
{
    // Elements widened per step of Dot: 2 × 1 KiB of stack.
    private const int Chunk = 256;

    public static TensorType Type => TensorType.F16;

    public static int BlockSize => 1;

    public static int BlockBytes => 2;

    public static TensorType DotType => TensorType.F16;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, 1, 2);
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(blocks), destination[..count]);
    }

    /// <summary>float → half, round to nearest even (ggml's <c>GGML_FP32_TO_FP16</c>).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        BlockChecks.Quantize(source, blocks, 1, 2);
        TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(blocks)[..source.Length]);
    }

    /// <summary>Widens chunks of both rows to float and sums their <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.</summary>
    [SkipLocalsInit]
    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, 2, 2);
        ReadOnlySpan<Half> x = MemoryMarshal.Cast<byte, Half>(blocks);
        ReadOnlySpan<Half> y = MemoryMarshal.Cast<byte, Half>(activations);
        Span<float> fx = stackalloc float[Chunk];
        Span<float> fy = stackalloc float[Chunk];
        float sum = 0;
        for (int i = 0; i < n; i += Chunk)
        {
            int length = Math.Min(Chunk, n - i);
            TensorPrimitives.ConvertToSingle(x.Slice(i, length), fx);
            TensorPrimitives.ConvertToSingle(y.Slice(i, length), fy);
            sum += TensorPrimitives.Dot(fx[..length], fy[..length]);
        }

        return sum;
    }

    /// <summary>ggml's scalar <c>ggml_vec_dot_f16</c>: float products of the widened halves, summed in double.</summary>
    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        BlockChecks.Dot(blocks, activations, n, 1, 2, 2);
        ReadOnlySpan<Half> x = MemoryMarshal.Cast<byte, Half>(blocks);
        ReadOnlySpan<Half> y = MemoryMarshal.Cast<byte, Half>(activations);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += (float)x[i] * (float)y[i];
        return (float)sum;
    }
}
