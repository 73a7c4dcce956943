namespace Augur.Tensors;

/// <summary>Block geometry of each <see cref="TensorType"/>: how many elements a block holds and how many bytes it takes.</summary>
public static class TensorTypeInfo
{
    /// <summary>Whether Augur can compute with tensors of this type.</summary>
    public static bool IsSupported(TensorType type) => type switch
    {
        TensorType.F32 or TensorType.F16 or TensorType.BF16 or
        TensorType.Q8_0 or TensorType.Q8_1 or TensorType.Q4_0 or TensorType.Q4_1 or TensorType.Q5_0 or TensorType.Q5_1 or
        TensorType.Q4_K or TensorType.Q5_K or TensorType.Q6_K or TensorType.Q8_K => true,
        _ => false,
    };

    /// <summary>Whether the value is a ggml type id whose block geometry is known (supported or not).</summary>
    public static bool IsKnown(TensorType type) => BlockSizeOrZero(type) != 0;

    /// <summary>Elements per block.</summary>
    public static int BlockSize(TensorType type)
    {
        int size = BlockSizeOrZero(type);
        return size != 0 ? size : throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor type.");
    }

    /// <summary>Bytes per block.</summary>
    public static int BlockBytes(TensorType type) => type switch
    {
        TensorType.F32 => 4,
        TensorType.F16 or TensorType.BF16 => 2,
        TensorType.Q4_0 => 18,
        TensorType.Q4_1 => 20,
        TensorType.Q5_0 => 22,
        TensorType.Q5_1 => 24,
        TensorType.Q8_0 => 34,
        TensorType.Q8_1 => 36,
        TensorType.Q2_K => 84,
        TensorType.Q3_K => 110,
        TensorType.Q4_K => 144,
        TensorType.Q5_K => 176,
        TensorType.Q6_K => 210,
        TensorType.Q8_K => 292,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor type."),
    };

    /// <summary>Bytes taken by <paramref name="elements"/> elements, which must be a whole number of blocks.</summary>
    public static long ByteCount(TensorType type, long elements)
    {
        int blockSize = BlockSize(type);
        if (elements < 0 || elements % blockSize != 0)
            throw new ArgumentException($"{elements} elements is not a whole number of {type} blocks of {blockSize}.", nameof(elements));
        return checked(elements / blockSize * BlockBytes(type));
    }

    private static int BlockSizeOrZero(TensorType type) => type switch
    {
        TensorType.F32 or TensorType.F16 or TensorType.BF16 => 1,
        TensorType.Q4_0 or TensorType.Q4_1 or TensorType.Q5_0 or TensorType.Q5_1 or TensorType.Q8_0 or TensorType.Q8_1 => 32,
        TensorType.Q2_K or TensorType.Q3_K or TensorType.Q4_K or TensorType.Q5_K or TensorType.Q6_K or TensorType.Q8_K => 256,
        _ => 0,
    };
}
