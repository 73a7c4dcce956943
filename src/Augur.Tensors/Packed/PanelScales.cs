using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augur.Tensors.Packed;

/// <summary>The 8 half scales at the start of a panel block, widened exactly to floats (the vector form of <c>HalfIO.ToSingle</c>).</summary>
internal static class PanelScales
{
    private const float ExponentShift = 5.192297e33f; // 2^112

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref byte panelBlock)
    {
        Vector256<uint> h = Vector256.WidenLower(Vector128.LoadUnsafe(ref panelBlock).AsUInt16().ToVector256Unsafe());
        Vector256<uint> magnitude = Vector256.ShiftLeft(h & Vector256.Create(0x7FFFu), 13);
        Vector256<uint> finite = (magnitude.AsSingle() * Vector256.Create(ExponentShift)).AsUInt32();
        Vector256<uint> special = Vector256.Equals(h & Vector256.Create(0x7C00u), Vector256.Create(0x7C00u));
        Vector256<uint> bits = Vector256.ConditionalSelect(special, magnitude | Vector256.Create(0x7F80_0000u), finite);
        return (bits | Vector256.ShiftLeft(h & Vector256.Create(0x8000u), 16)).AsSingle();
    }
}
