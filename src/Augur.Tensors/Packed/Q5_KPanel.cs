using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q5_K in panels: 1408 bytes per panel block, the same as 8 source superblocks: the layout of
/// <see cref="IScaleMinPanel"/> (1152 bytes), then byte 1152 + 32g + 4r + j is source byte qh[4g + j] of row r, whose
/// bit s is the fifth bit (value 16) of element 4g + j of sub-block s.
/// </summary>
internal readonly unsafe struct Q5_KPanel : IScaleMinPanel
{
    private const int High = ScaleMinPanel<Q5_KPanel>.SharedBytes;

    public static TensorType Source => TensorType.Q5_K;

    public static int PanelBlockBytes => High + 256;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock)
    {
        ScaleMinPanel<Q5_KPanel>.PackShared(block, Q5_K.ScalesOffset, Q5_K.QsOffset, row, panelBlock);
        for (int g = 0; g < 8; g++)
            block.Slice(Q5_K.QhOffset + 4 * g, 4).CopyTo(panelBlock.Slice(High + 32 * g + 4 * row));
        return PanelScales.IsFinite(block, 0) && PanelScales.IsFinite(block, 2); // d, dmin
    }

    public static float DotScalar(ReadOnlySpan<byte> panelBlock, int row, ReadOnlySpan<byte> x) =>
        ScaleMinPanel<Q5_KPanel>.DotScalar(panelBlock, row, x);

    public static Vector256<float> Tile1<TMultiplyAdd>(byte* panel, int blocks, byte* x)
        where TMultiplyAdd : IInt8MultiplyAdd =>
        ScaleMinPanel<Q5_KPanel>.Tile1<TMultiplyAdd>(panel, blocks, x);

    public static void Tile4<TMultiplyAdd>(byte* panel, int blocks, byte* x0, byte* x1, byte* x2, byte* x3, bool prefetch,
        out Vector256<float> acc0, out Vector256<float> acc1, out Vector256<float> acc2, out Vector256<float> acc3)
        where TMultiplyAdd : IInt8MultiplyAdd =>
        ScaleMinPanel<Q5_KPanel>.Tile4<TMultiplyAdd>(panel, blocks, x0, x1, x2, x3, prefetch, out acc0, out acc1, out acc2, out acc3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) Levels(byte* panelBlock, int chunk, int group)
    {
        (Vector256<byte> low, Vector256<byte> high) = ScaleMinPanel<Q5_KPanel>.Nibbles(panelBlock, chunk, group);
        // Bit 2c (then 2c + 1) of each qh byte moved to bit 4: shifting 16-bit lanes only spills bits that the mask drops.
        Vector256<ushort> bits = Vector256.Load((ushort*)(panelBlock + High + 32 * group)), five = Vector256.Create((ushort)0x1010);
        low |= (Vector256.ShiftLeft(Vector256.ShiftRightLogical(bits, 2 * chunk), 4) & five).AsByte();
        high |= (Vector256.ShiftLeft(Vector256.ShiftRightLogical(bits, 2 * chunk + 1), 4) & five).AsByte();
        return (low, high);
    }

    public static int HighShift => 0;

    public static int Level(ReadOnlySpan<byte> panelBlock, int row, int element)
    {
        int e = element & 31;
        int bit = (panelBlock[High + 32 * (e >> 2) + 4 * row + (e & 3)] >> (element >> 5)) & 1;
        return ScaleMinPanel<Q5_KPanel>.Nibble(panelBlock, row, element) | (bit << 4);
    }
}
