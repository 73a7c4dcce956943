namespace Augur.Tensors.Quant;

/// <summary>
/// The per-ISA bodies behind a format's <see cref="IQuantFormat.Dot"/>, unchecked, so tests can run every path the
/// machine supports in one process. Each takes whole blocks: <c>blockCount</c> blocks of weights and of
/// activations in the format's dot type.
/// </summary>
/// <remarks>
/// <c>Dot512</c> needs <c>Avx512BW</c> (and is chosen only when <c>Vector512.IsHardwareAccelerated</c>), <c>Dot256</c>
/// needs <c>Avx2</c> (chosen only when <c>Vector256.IsHardwareAccelerated</c>), <c>Dot128</c> is portable Vector128 code.
/// </remarks>
internal interface IDotPaths
{
    static abstract float Dot512(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount);

    static abstract float Dot256(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount);

    static abstract float Dot128(ReadOnlySpan<byte> blocks, ReadOnlySpan<byte> activations, int blockCount);
}
