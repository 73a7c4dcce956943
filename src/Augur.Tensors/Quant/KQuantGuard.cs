using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Augur.Tensors.Quant;

/// <summary>
/// Argument checks shared by the K-quant formats (QK_K = 256 elements per block). The checks are inlined;
/// the throws live in separate non-inlined methods so the kernels that call them stay small.
/// </summary>
internal static class KQuantGuard
{
    /// <summary>Elements per K-quant block (ggml's QK_K).</summary>
    public const int BlockSize = 256;

    /// <summary>Checks a dot product's arguments; returns the number of blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(int blocksLength, int blockBytes, int activationsLength, int activationBytes, int n)
    {
        if (n < 0 || n % BlockSize != 0)
            ThrowNotWholeBlocks(n, nameof(n));
        int count = n / BlockSize;
        if (blocksLength < (long)count * blockBytes)
            ThrowTooShort("blocks", blocksLength, (long)count * blockBytes);
        if (activationsLength < (long)count * activationBytes)
            ThrowTooShort("activations", activationsLength, (long)count * activationBytes);
        return count;
    }

    /// <summary>Checks a dequantization's arguments; returns the number of blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dequantize(int blocksLength, int blockBytes, int destinationLength)
    {
        if (blocksLength % blockBytes != 0)
            ThrowNotWholeBlocks(blocksLength, "blocks");
        int count = blocksLength / blockBytes;
        if (destinationLength < (long)count * BlockSize)
            ThrowTooShort("destination", destinationLength, (long)count * BlockSize);
        return count;
    }

    /// <summary>Checks a quantization's arguments; returns the number of blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Quantize(int sourceLength, int blocksLength, int blockBytes)
    {
        if (sourceLength % BlockSize != 0)
            ThrowNotWholeBlocks(sourceLength, "source");
        int count = sourceLength / BlockSize;
        if (blocksLength < (long)count * blockBytes)
            ThrowTooShort("blocks", blocksLength, (long)count * blockBytes);
        return count;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotWholeBlocks(int length, string paramName) =>
        throw new ArgumentException($"Length {length} is not a whole number of K-quant blocks.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort(string paramName, int length, long needed) =>
        throw new ArgumentException($"Span of length {length} is too short; {needed} needed.", paramName);
}
