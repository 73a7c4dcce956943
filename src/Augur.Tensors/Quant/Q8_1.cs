using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Operators;

namespace Augur.Tensors.Quant;

/// <summary>
/// ggml's <c>block_q8_1</c>: 32 elements in 36 bytes, <c>{ half d; half s; int8 qs[32]; }</c>, value = qs[j] · d and
/// s = d · Σ qs (computed in float, stored as half). The activation format of Q4_1 and Q5_1 weights, whose minimum m
/// then contributes m · s per block without touching the quants.
/// </summary>
public readonly struct Q8_1 : IQuantFormat, IDotPaths, IInt8Block
{
    private const int Qk = 32;
    private const int Bytes = 36;
    private const int Qs = 4;

    public static TensorType Type => TensorType.Q8_1;

    public static int BlockSize => Qk;

    public static int BlockBytes => Bytes;

    public static TensorType DotType => TensorType.Q8_1;

    static int IInt8Block.Stride => Bytes;

    static int IInt8Block.ActivationStride => Bytes;

    static bool IInt8Block.HasMin => false;

    public static void Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        int count = BlockChecks.Dequantize(blocks, destination, Qk, Bytes);
        for (int b = 0; b < count; b++)
            Q8_0.DequantizeBlock(blocks.Slice(b * Bytes, Bytes), destination.Slice(b * Qk, Qk), Qs);
    }

    /// <summary><c>quantize_row_q8_1_ref</c>: as Q8_0, plus s = half(Σ qs · d) with the unrounded float d.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> blocks)
    {
        int count = BlockChecks.Quantize(source, blocks, Qk, Bytes);
        for (int b = 0; b < count; b++)
        {
            Span<byte> block = blocks.Slice(b * Bytes, Bytes);
            (float d, int sum) = Q8_0.QuantizeBlock(source.Slice(b * Qk, Qk), block, Qs);
            HalfIO.Write(block, 2, sum * d);
        }
    }

    /// <summary>Q8_1 × Q8_1, which ggml does not have: the Q8_0 product of the quants; s is not used.</summary>
    public static float Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Int8BlockDot<Q8_1>.Dot(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, Bytes));

    public static float DotScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n) =>
        Q8_0.DotBlocksScalar(blocks, activations, BlockChecks.Dot(blocks, activations, n, Qk, Bytes, Bytes), Bytes, Qs);

    static float IInt8Block.DotBlocksScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Q8_0.DotBlocksScalar(blocks, activations, blockCount, Bytes, Qs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<byte> IInt8Block.Unpack512(ref byte block) =>
        Vector512.Create(Vector256.LoadUnsafe(ref block, Qs), Vector256.LoadUnsafe(ref block, Bytes + Qs));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<byte> IInt8Block.Unpack256(ref byte block) => Vector256.LoadUnsafe(ref block, Qs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackLow128(ref byte block) => Vector128.LoadUnsafe(ref block, Qs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> IInt8Block.UnpackHigh128(ref byte block) => Vector128.LoadUnsafe(ref block, Qs + 16);

    static float IDotPaths.Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q8_1>.Dot512(blocks, activations, blockCount);

    static float IDotPaths.Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q8_1>.Dot256(blocks, activations, blockCount);

    static float IDotPaths.Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount) =>
        Int8BlockDot<Q8_1>.Dot128(blocks, activations, blockCount);
}
