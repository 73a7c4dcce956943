using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Augur.Tensors.Quant;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q4_K in panels: 1152 bytes per panel block, the same as 8 source superblocks, in the layout of
/// <see cref="IScaleMinPanel"/> and nothing more: d, dmin, the packed 6-bit scales and mins, then the nibbles.
/// </summary>
internal readonly unsafe struct Q4_KPanel : IScaleMinPanel
{
    public static TensorType Source => TensorType.Q4_K;

    public static int PanelBlockBytes => ScaleMinPanel<Q4_KPanel>.SharedBytes;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock)
    {
        ScaleMinPanel<Q4_KPanel>.PackShared(block, Q4_K.ScalesOffset, Q4_K.QsOffset, row, panelBlock);
        return PanelScales.IsFinite(block, 0) && PanelScales.IsFinite(block, 2); // d, dmin
    }

    public static float DotScalar(ReadOnlySpan<byte> panelBlock, int row, ReadOnlySpan<byte> x) =>
        ScaleMinPanel<Q4_KPanel>.DotScalar(panelBlock, row, x);

    public static Vector256<float> Tile1<TMultiplyAdd>(byte* panel, int blocks, byte* x)
        where TMultiplyAdd : IInt8MultiplyAdd =>
        ScaleMinPanel<Q4_KPanel>.Tile1<TMultiplyAdd>(panel, blocks, x);

    public static void Tile4<TMultiplyAdd>(byte* panel, int blocks, byte* x0, byte* x1, byte* x2, byte* x3, bool prefetch,
        out Vector256<float> acc0, out Vector256<float> acc1, out Vector256<float> acc2, out Vector256<float> acc3)
        where TMultiplyAdd : IInt8MultiplyAdd =>
        ScaleMinPanel<Q4_KPanel>.Tile4<TMultiplyAdd>(panel, blocks, x0, x1, x2, x3, prefetch, out acc0, out acc1, out acc2, out acc3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) Levels(byte* panelBlock, int chunk, int group) =>
        ScaleMinPanel<Q4_KPanel>.NibblesInPlace(panelBlock, chunk, group);

    public static int HighShift => 4;

    public static int Level(ReadOnlySpan<byte> panelBlock, int row, int element) =>
        ScaleMinPanel<Q4_KPanel>.Nibble(panelBlock, row, element);
}
