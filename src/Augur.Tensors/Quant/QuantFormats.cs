// TEMPORARY: replaced at merge by the quant branch
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Augur.Tensors.Quant;

/// <summary>Dispatch from a runtime <see cref="TensorType"/> to its format.</summary>
public static class QuantFormats
{
    /// <summary>Expands whole blocks of <paramref name="type"/> into <paramref name="destination"/>.</summary>
    public static void Dequantize(TensorType type, ReadOnlySpan<byte> blocks, Span<float> destination)
    {
        switch (type)
        {
            case TensorType.F32:
                MemoryMarshal.Cast<byte, float>(blocks).CopyTo(destination);
                break;
            case TensorType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(blocks), destination);
                break;
            default:
                throw new NotSupportedException($"Temporary formats support F32 and F16 only, not {type}.");
        }
    }
}
