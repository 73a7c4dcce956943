using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q8_K</c>, the activation format of every K-quant dot product: 256 elements in 292 bytes,
/// <c>{ float d; int8 qs[256]; int16 bsums[16]; }</c>, value = d·qs[i], bsums[j] = Σ qs[16j..16j+15].
/// </summary>
public readonly partial struct Q8_K : IQuantFormat
{
    internal const int Bytes = 292;
    internal const int QsOffset = 4;
    internal const int BsumsOffset = 260;

    public static TensorType Type => TensorType.Q8_K;

    public static int BlockSize => KQuantGuard.BlockSize;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_K;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = KQuantGuard.Dequantize(blocks.Length, Bytes, destination.Length);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> block = blocks.Slice(i * Bytes, Bytes);
            float d = BinaryPrimitives.ReadSingleLittleEndian(block);
            ReadOnlySpan<sbyte> qs = MemoryMarshal.Cast<byte, sbyte>(block.Slice(QsOffset, 256));
            Span<float> y = destination.Slice(i * 256, 256);
            for (int j = 0; j < 256; j++)
                y[j] = d * qs[j];
        }
    }

    /// <summary>
    /// ggml's <c>quantize_row_q8_K_ref</c>: per block, the element of largest magnitude maps to −127
    /// (iscale = −127/max), every element to nearest_int(iscale·x) capped at 127, and d = 1/iscale.
    /// An all-zero block gets d = 0 and zero quants and sums.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = KQuantGuard.Quantize(source.Length, blocks.Length, Bytes);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> x = source.Slice(i * 256, 256);
            Span<byte> block = blocks.Slice(i * Bytes, Bytes);
            float max = 0, amax = 0;
            for (int j = 0; j < 256; j++)
            {
                float ax = MathF.Abs(x[j]);
                if (ax > amax)
                {
                    amax = ax;
                    max = x[j];
                }
            }

            if (amax == 0)
            {
                block.Clear();
                continue;
            }

            float iscale = -127f / max;
            Span<sbyte> qs = MemoryMarshal.Cast<byte, sbyte>(block.Slice(QsOffset, 256));
            for (int j = 0; j < 256; j++)
                qs[j] = (sbyte)Math.Min(127, QuantSearch.NearestInt(iscale * x[j]));
            for (int j = 0; j < 16; j++)
            {
                int sum = 0;
                for (int k = 0; k < 16; k++)
                    sum += qs[16 * j + k];
                BinaryPrimitives.WriteInt16LittleEndian(block[(BsumsOffset + 2 * j)..], (short)sum);
            }

            BinaryPrimitives.WriteSingleLittleEndian(block, 1 / iscale);
        }
    }

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        int count = KQuantGuard.Dot(blocks.Length, Bytes, activations.Length, Bytes, n);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> x = blocks.Slice(i * Bytes, Bytes);
            ReadOnlySpan<byte> y = activations.Slice(i * Bytes, Bytes);
            int isum = 0;
            for (int j = 0; j < 256; j++)
                isum += (sbyte)x[QsOffset + j] * (sbyte)y[QsOffset + j];
            sum += BinaryPrimitives.ReadSingleLittleEndian(x) * BinaryPrimitives.ReadSingleLittleEndian(y) * isum;
        }

        return sum;
    }

    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n)
    {
        int count = KQuantGuard.Dot(blocks.Length, Bytes, activations.Length, Bytes, n);
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
            return DotVector512(blocks, activations, count);
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
            return DotVector256(blocks, activations, count);
        if (Vector128.IsHardwareAccelerated)
        {
            return Ssse3.IsSupported
                ? DotVector128<Ssse3ByteDot>(blocks, activations, count)
                : DotVector128<PortableByteDot>(blocks, activations, count);
        }

        return DotScalar(blocks, activations, n);
    }

    // The SIMD kernels take already validated spans holding at least `count` blocks each.

    internal static float DotVector512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint o = (nuint)i * Bytes;
            Vector512<int> acc = Vector512<int>.Zero;
            for (nuint k = 0; k < 256; k += 32)
            {
                Vector512<short> a = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref x, o + QsOffset + k).AsSByte());
                Vector512<short> b = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref y, o + QsOffset + k).AsSByte());
                acc += Avx512BW.MultiplyAddAdjacent(a, b);
            }

            sum += BlockReader.Single(ref x, o) * BlockReader.Single(ref y, o) * Vector512.Sum(acc);
        }

        return sum;
    }

    internal static float DotVector256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint o = (nuint)i * Bytes;
            Vector256<int> acc = Vector256<int>.Zero;
            for (nuint k = 0; k < 256; k += 16)
            {
                Vector256<short> a = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, o + QsOffset + k).AsSByte());
                Vector256<short> b = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref y, o + QsOffset + k).AsSByte());
                acc += Avx2.MultiplyAddAdjacent(a, b);
            }

            sum += BlockReader.Single(ref x, o) * BlockReader.Single(ref y, o) * Vector256.Sum(acc);
        }

        return sum;
    }

    internal static float DotVector128<TDot>(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int count)
        where TDot : IByteDot128
    {
        ref byte x = ref MemoryMarshal.GetReference(blocks);
        ref byte y = ref MemoryMarshal.GetReference(activations);
        float sum = 0;
        for (int i = 0; i < count; i++)
        {
            nuint o = (nuint)i * Bytes;
            Vector128<int> acc = Vector128<int>.Zero;
            for (nuint k = 0; k < 256; k += 16)
            {
                acc += TDot.MulAddSigned(
                    Vector128.LoadUnsafe(ref x, o + QsOffset + k).AsSByte(), Vector128.LoadUnsafe(ref y, o + QsOffset + k).AsSByte());
            }

            sum += BlockReader.Single(ref x, o) * BlockReader.Single(ref y, o) * Vector128.Sum(acc);
        }

        return sum;
    }
}
