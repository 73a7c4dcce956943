using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// Q8_0 in panels: 272 bytes per panel block, the same as 8 source blocks. Byte 32g + 4r + j holds element 4g + j of
/// row r as <c>qs + 128</c>, so the kernels can use unsigned × signed byte products.
/// </summary>
internal readonly struct Q8_0Panel : IPanelFormat
{
    private const int SourceQuants = 2;

    public static TensorType Source => TensorType.Q8_0;

    public static int PanelBlockBytes => 16 + 8 * 32;

    public static int ZeroPointShift => 7;

    public static bool PackBlock(ReadOnlySpan<byte> block, int row, Span<byte> panelBlock)
    {
        ref byte source = ref MemoryMarshal.GetReference(block);
        ref byte panel = ref MemoryMarshal.GetReference(panelBlock);
        if ((uint)row >= PackedMatrix.PanelRows || block.Length < 34 || panelBlock.Length < PanelBlockBytes)
            throw new ArgumentOutOfRangeException(nameof(row));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref panel, 2 * row), Unsafe.ReadUnaligned<ushort>(ref source));
        for (int g = 0; g < 8; g++)
        {
            uint quants = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, SourceQuants + 4 * g)) ^ 0x8080_8080u; // q + 128
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref panel, 16 + 32 * g + 4 * row), quants);
        }
        return PanelScales.IsFinite(block, 0);
    }

    public static int Quant(ReadOnlySpan<byte> quants, int row, int element) =>
        quants[32 * (element / 4) + 4 * row + element % 4];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<byte> Low, Vector256<byte> High) Load(ref byte quants, int pair) =>
        (Vector256.LoadUnsafe(ref quants, (nuint)(32 * pair)), Vector256.LoadUnsafe(ref quants, (nuint)(32 * (pair + 4))));
}
