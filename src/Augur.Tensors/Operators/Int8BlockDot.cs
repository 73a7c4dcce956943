using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Operators;

/// <summary>
/// The dot-product loops of the 32-element block formats, written once: per block an exact integer dot product of the
/// unpacked quants with the activation quants, scaled by dx · dy into a float accumulator (plus m · s for formats with
/// a minimum). Only the float summation order differs from the scalar reference.
/// </summary>
internal static class Int8BlockDot<TBlock> where TBlock : IInt8Block
{
    private static int ActivationQs => TBlock.ActivationStride - 32;

    /// <summary>Vector512 → Vector256 → Vector128 → scalar over <paramref name="count"/> checked blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count)
    {
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
            return Dot512(x, y, count);
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
            return Dot256(x, y, count);
        if (Vector128.IsHardwareAccelerated)
            return Dot128(x, y, count);
        return TBlock.DotBlocksScalar(x, y, count);
    }

    public static float Dot512(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count)
    {
        ref byte px = ref MemoryMarshal.GetReference(x);
        ref byte py = ref MemoryMarshal.GetReference(y);
        Vector512<float> acc = Vector512<float>.Zero;
        float mins = 0;
        int b = 0;
        for (; b + 2 <= count; b += 2) // two blocks per 512-bit vector
        {
            ref byte x0 = ref Unsafe.Add(ref px, b * TBlock.Stride);
            ref byte y0 = ref Unsafe.Add(ref py, b * TBlock.ActivationStride);
            ref byte x1 = ref Unsafe.Add(ref x0, TBlock.Stride);
            ref byte y1 = ref Unsafe.Add(ref y0, TBlock.ActivationStride);
            Vector512<byte> qx = TBlock.Unpack512(ref x0);
            Vector512<sbyte> qy = Vector512.Create(
                Vector256.LoadUnsafe(ref y0, (nuint)ActivationQs), Vector256.LoadUnsafe(ref y1, (nuint)ActivationQs)).AsSByte();
            Vector512<int> sums = TBlock.HasMin ? Int8Dot.MulSum4(qx, qy) : Int8Dot.MulSum4(qx.AsSByte(), qy);
            Vector512<float> scale = Vector512.Create(
                Vector256.Create(HalfIO.Read(ref x0, 0) * HalfIO.Read(ref y0, 0)),
                Vector256.Create(HalfIO.Read(ref x1, 0) * HalfIO.Read(ref y1, 0)));
            acc = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(sums), scale, acc);
            if (TBlock.HasMin)
                mins += HalfIO.Read(ref x0, 2) * HalfIO.Read(ref y0, 2) + HalfIO.Read(ref x1, 2) * HalfIO.Read(ref y1, 2);
        }

        float sum = Vector512.Sum(acc) + mins;
        if (b < count) // an odd last block
            sum += Dot256(x.Slice(b * TBlock.Stride), y.Slice(b * TBlock.ActivationStride), count - b);
        return sum;
    }

    public static float Dot256(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count)
    {
        ref byte px = ref MemoryMarshal.GetReference(x);
        ref byte py = ref MemoryMarshal.GetReference(y);
        Vector256<float> acc = Vector256<float>.Zero;
        float mins = 0;
        for (int b = 0; b < count; b++)
        {
            ref byte x0 = ref Unsafe.Add(ref px, b * TBlock.Stride);
            ref byte y0 = ref Unsafe.Add(ref py, b * TBlock.ActivationStride);
            Vector256<byte> qx = TBlock.Unpack256(ref x0);
            Vector256<sbyte> qy = Vector256.LoadUnsafe(ref y0, (nuint)ActivationQs).AsSByte();
            Vector256<int> sums = TBlock.HasMin ? Int8Dot.MulSum4(qx, qy) : Int8Dot.MulSum4(qx.AsSByte(), qy);
            Vector256<float> scale = Vector256.Create(HalfIO.Read(ref x0, 0) * HalfIO.Read(ref y0, 0));
            acc = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(sums), scale, acc);
            if (TBlock.HasMin)
                mins += HalfIO.Read(ref x0, 2) * HalfIO.Read(ref y0, 2);
        }

        return Vector256.Sum(acc) + mins;
    }

    public static float Dot128(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count)
    {
        ref byte px = ref MemoryMarshal.GetReference(x);
        ref byte py = ref MemoryMarshal.GetReference(y);
        Vector128<float> acc = Vector128<float>.Zero;
        float mins = 0;
        for (int b = 0; b < count; b++)
        {
            ref byte x0 = ref Unsafe.Add(ref px, b * TBlock.Stride);
            ref byte y0 = ref Unsafe.Add(ref py, b * TBlock.ActivationStride);
            Vector128<byte> lo = TBlock.UnpackLow128(ref x0);
            Vector128<byte> hi = TBlock.UnpackHigh128(ref x0);
            Vector128<sbyte> ylo = Vector128.LoadUnsafe(ref y0, (nuint)ActivationQs).AsSByte();
            Vector128<sbyte> yhi = Vector128.LoadUnsafe(ref y0, (nuint)(ActivationQs + 16)).AsSByte();
            Vector128<int> sums = TBlock.HasMin
                ? Int8Dot.MulSum(lo, ylo) + Int8Dot.MulSum(hi, yhi)
                : Int8Dot.MulSum(lo.AsSByte(), ylo) + Int8Dot.MulSum(hi.AsSByte(), yhi);
            Vector128<float> scale = Vector128.Create(HalfIO.Read(ref x0, 0) * HalfIO.Read(ref y0, 0));
            acc = Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(sums), scale, acc);
            if (TBlock.HasMin)
                mins += HalfIO.Read(ref x0, 2) * HalfIO.Read(ref y0, 2);
        }

        return Vector128.Sum(acc) + mins;
    }
}
