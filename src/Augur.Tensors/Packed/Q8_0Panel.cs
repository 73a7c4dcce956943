using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q8_0 in panels: 272 bytes per panel block, the same as 8 source blocks. Byte 32g + 4r + j holds element 4g + j of
/// row r as <c>qs + 128</c>, so the kernels can use unsigned × signed byte products.
/// </summary>
internal readonly struct Q8_0Panel : IPanelFormat
{
    public static TensorType Source => TensorType.Q8_0;

    public static int PanelBlockBytes => 16 + 8 * 32;

    public static int ZeroPointShift => 7;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock) =>
        PanelPacking.ScaleAndGroups(block, row, panelBlock, groups: 8, mask: 0x8080_8080u); // q + 128

    public static int Quant(ReadOnlySpan<byte> quants, int row, int element) =>
        quants[32 * (element / 4) + 4 * row + element % 4];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) Load(ref byte quants, int pair) =>
        (Vector256.LoadUnsafe(ref quants, (nuint)(32 * pair)), Vector256.LoadUnsafe(ref quants, (nuint)(32 * (pair + 4))));
}
