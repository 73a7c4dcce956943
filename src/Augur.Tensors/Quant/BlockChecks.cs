using System.Runtime.CompilerServices;

namespace Augur.Tensors.Quant;

/// <summary>Span validation shared by the formats: each public entry point checks once, then runs unchecked.</summary>
internal static class BlockChecks
{
    /// <summary>Checks a dot product of <paramref name="n"/> elements and returns its block count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int n, int blockSize, int blockBytes, int activationBlockBytes)
    {
        if (n < 0)
            QuantThrowHelper.ThrowNegative(nameof(n), n);
        int count = n / blockSize;
        if (count * blockSize != n)
            QuantThrowHelper.ThrowNotWholeBlocks(nameof(n), n, blockSize);
        if ((long)count * blockBytes > blocks.Length)
            QuantThrowHelper.ThrowTooShort(nameof(blocks), (long)count * blockBytes, blocks.Length);
        if ((long)count * activationBlockBytes > activations.Length)
            QuantThrowHelper.ThrowTooShort(nameof(activations), (long)count * activationBlockBytes, activations.Length);
        return count;
    }

    /// <summary>Checks a quantization of all of <paramref name="source"/> and returns its block count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Quantize(ReadOnlySpan<float> source, Span<byte> blocks, int blockSize, int blockBytes)
    {
        int count = source.Length / blockSize;
        if (count * blockSize != source.Length)
            QuantThrowHelper.ThrowNotWholeBlocks(nameof(source), source.Length, blockSize);
        if ((long)count * blockBytes > blocks.Length)
            QuantThrowHelper.ThrowTooShort(nameof(blocks), (long)count * blockBytes, blocks.Length);
        return count;
    }

    /// <summary>Checks a dequantization of all of <paramref name="blocks"/> and returns its block count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dequantize(ReadOnlySpan<byte> blocks, Span<float> destination, int blockSize, int blockBytes)
    {
        int count = blocks.Length / blockBytes;
        if (count * blockBytes != blocks.Length)
            QuantThrowHelper.ThrowNotWholeBlocks(nameof(blocks), blocks.Length, blockBytes);
        if ((long)count * blockSize > destination.Length)
            QuantThrowHelper.ThrowTooShort(nameof(destination), (long)count * blockSize, destination.Length);
        return count;
    }
}
