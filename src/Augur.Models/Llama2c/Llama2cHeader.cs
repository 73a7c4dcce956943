using System.Buffers.Binary;

namespace Augur.Models.Llama2c;

/// <summary>
/// The 7 little-endian int32 values that start a llama2.c legacy (version 0) checkpoint, as run.c's <c>Config</c>.
/// A negative <see cref="VocabSize"/> means the classifier has its own weights at the end of the file.
/// </summary>
internal readonly record struct Llama2cHeader(
    int Dim, int HiddenDim, int Layers, int Heads, int KvHeads, int VocabSize, int SeqLen)
{
    public const int ByteCount = 7 * sizeof(int);

    // Bounds far above any llama2.c-sized model, low enough that no size computed from them can overflow a long.
    private const int MaxDim = 1 << 16;
    private const int MaxHiddenDim = 1 << 18;
    private const int MaxLayers = 1 << 10;
    private const int MaxVocab = 1 << 20;
    private const int MaxSeqLen = 1 << 20;

    public bool SharedClassifier => VocabSize > 0;

    public int Vocab => Math.Abs(VocabSize);

    public int HeadSize => Dim / Heads;

    public int KvDim => HeadSize * KvHeads;

    public static Llama2cHeader Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadInt32LittleEndian(bytes),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]),
        BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]));

    /// <summary>The first fault of the header in words, or null if it describes a model.</summary>
    public string? FindFault()
    {
        if (Dim <= 0 || Dim > MaxDim)
            return $"dim {Dim} is out of range (1..{MaxDim}).";
        if (HiddenDim <= 0 || HiddenDim > MaxHiddenDim)
            return $"hidden_dim {HiddenDim} is out of range (1..{MaxHiddenDim}).";
        if (Layers <= 0 || Layers > MaxLayers)
            return $"n_layers {Layers} is out of range (1..{MaxLayers}).";
        if (Heads <= 0 || Heads > Dim)
            return $"n_heads {Heads} is out of range (1..dim = {Dim}).";
        if (Dim % Heads != 0)
            return $"n_heads {Heads} does not divide dim {Dim}.";
        if (HeadSize % 2 != 0)
            return $"head size {HeadSize} is odd; RoPE needs pairs.";
        if (KvHeads <= 0 || KvHeads > Heads)
            return $"n_kv_heads {KvHeads} is out of range (1..n_heads = {Heads}).";
        if (Heads % KvHeads != 0)
            return $"n_kv_heads {KvHeads} does not divide n_heads {Heads}.";
        if (VocabSize == 0 || VocabSize == int.MinValue || Vocab > MaxVocab)
            return $"vocab_size {VocabSize} is out of range (1..{MaxVocab}, negative for a separate classifier).";
        if (SeqLen <= 0 || SeqLen > MaxSeqLen)
            return $"seq_len {SeqLen} is out of range (1..{MaxSeqLen}).";
        return null;
    }
}
