using System.Runtime.Intrinsics;

namespace Augur.Tensors.Operators;

/// <summary>
/// A weight block of 32 quants whose integer dot product with a Q8_0/Q8_1 activation block drives
/// <see cref="Int8BlockDot{TBlock}"/>. The scale d is the half at byte 0 of both blocks.
/// </summary>
/// <remarks>
/// Without a minimum (<see cref="HasMin"/> false) the unpacked bytes are the signed quants q and value = q · d; the
/// activations are Q8_0 (or Q8_1 for Q8_1 × Q8_1). With a minimum, the bytes are unsigned quants q, value = q · d + m with
/// m the half at byte 2, and the activations are Q8_1, whose s (half at byte 2) adds m · s per block.
/// Unpacked element j is element j of the block, matching the activation's qs[j].
/// </remarks>
internal interface IInt8Block
{
    /// <summary>Bytes per weight block.</summary>
    static abstract int Stride { get; }

    /// <summary>Bytes per activation block: 34 (Q8_0) or 36 (Q8_1); its 32 quants are the last 32 bytes.</summary>
    static abstract int ActivationStride { get; }

    /// <summary>Whether value = q · d + m with unsigned q (dotted with Q8_1) rather than q · d with signed q.</summary>
    static abstract bool HasMin { get; }

    /// <summary>The 32 quants of the block at <paramref name="block"/> and the 32 of the block after it (AVX-512BW).</summary>
    static abstract Vector512<byte> Unpack512(ref byte block);

    /// <summary>The 32 quants of the block at <paramref name="block"/> (AVX2).</summary>
    static abstract Vector256<byte> Unpack256(ref byte block);

    /// <summary>Quants 0..15 of the block (portable).</summary>
    static abstract Vector128<byte> UnpackLow128(ref byte block);

    /// <summary>Quants 16..31 of the block (portable).</summary>
    static abstract Vector128<byte> UnpackHigh128(ref byte block);

    /// <summary>The scalar reference over <paramref name="blockCount"/> whole blocks, as ggml's generic <c>vec_dot</c>.</summary>
    static abstract float DotBlocksScalar(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount);
}
