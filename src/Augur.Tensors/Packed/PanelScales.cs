using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>
/// The 8 half scales at the start of a panel block, widened to floats: each half, sign-extended to 32 bits, shifted so
/// that its exponent and mantissa land in a float's fields, reads as a float 2^112 too small (subnormals included),
/// which one multiply fixes exactly. Infinities and NaNs would come out finite, so matrices with a non-finite scale
/// are never packed (<see cref="IsFinite"/>).
/// </summary>
internal static class PanelScales
{
    private const float ExponentShift = 5.192297e33f; // 2^112

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref byte panelBlock)
    {
        Vector256<int> h = Vector256.WidenLower(Vector128.LoadUnsafe(ref panelBlock).AsInt16().ToVector256Unsafe());
        Vector256<int> bits = Vector256.ShiftLeft(h, 13) & Vector256.Create(unchecked((int)0x8FFF_E000));
        return bits.AsSingle() * Vector256.Create(ExponentShift);
    }

    /// <summary>Whether the half at <paramref name="offset"/> of <paramref name="block"/> is finite.</summary>
    public static bool IsFinite(ReadOnlySpan<byte> block, int offset) =>
        (BitConverter.ToUInt16(block.Slice(offset, 2)) & 0x7C00) != 0x7C00;
}
