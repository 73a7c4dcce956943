using System.Collections.Frozen;

namespace Augur.Models.Tokenizers;

/// <summary>
/// Byte-level BPE tokenizer (GPT-2, Llama 3, Qwen2; llama.cpp's <c>LLAMA_VOCAB_TYPE_BPE</c>, GGUF
/// <c>tokenizer.ggml.model = gpt2</c>). Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Encoding: user-defined tokens (and, with <see cref="EncodeSettings.ParseSpecial"/>, control tokens) are cut out of
/// the text whole, longest first; the rest is normalized (NFC for <see cref="PreTokenizerKind.Qwen2"/>), cut into
/// chunks by the pre-tokenizer, and each chunk's UTF-8 bytes are merged by BPE. Normal pieces are stored in GPT-2's
/// byte-to-Unicode form (<see cref="ByteUnicodeMap"/>): <c>Ġ</c> is a space. Scores and
/// <see cref="Vocabulary.AddSpacePrefix"/> are not used.
/// </remarks>
public sealed partial class ByteLevelBpeTokenizer : ITokenizer
{
    private readonly Dictionary<string, int> _normalIds;
    private readonly IReadOnlyList<string>? _mergeList;
    private string[]? _derivedMerges;

    private ByteLevelBpeTokenizer(Vocabulary vocabulary, NormalTokens normal, IReadOnlyList<string>? mergeList,
        PreTokenizerKind preTokenizer, bool looksUpWholeChunks)
    {
        Vocabulary = vocabulary;
        _normalIds = normal.Ids;
        NormalIds = normal.Ids.GetAlternateLookup<ReadOnlySpan<char>>();
        ByteIds = normal.ByteIds;
        Tokens = normal.Table;
        _mergeList = mergeList;
        Merges = mergeList is null ? BpeMerges.FromRanks(normal.Table, normal.ByteIds) : BpeMerges.FromList(mergeList, normal.Ids, normal.ByteIds);
        PreTokenizer = preTokenizer;
        LooksUpWholeChunks = looksUpWholeChunks;
        EndOfGenerationIds = EndOfGeneration.FindIds(vocabulary);
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>How text is cut into chunks before merging.</summary>
    public PreTokenizerKind PreTokenizer { get; }

    /// <summary>Whether a chunk that is itself a normal token is emitted whole before merging (Llama 3, tiktoken).</summary>
    public bool LooksUpWholeChunks { get; }

    /// <summary>Whether merges follow tiktoken ranks (<see cref="CreateFromRanks"/>) rather than a merge list.</summary>
    public bool IsRankBased => Merges.IsRankBased;

    /// <summary>EOS and the end-of-turn tokens (see <see cref="EndOfGeneration"/>): generation stops after any of them.</summary>
    public FrozenSet<int> EndOfGenerationIds { get; }

    /// <summary>Normal pieces → id.</summary>
    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NormalIds { get; }

    /// <summary>Byte value → id of the normal token of that one byte.</summary>
    internal int[] ByteIds { get; }

    /// <summary>Normal tokens by their bytes.</summary>
    internal TokenByteTable Tokens { get; }

    internal BpeMerges Merges { get; }

    /// <summary>
    /// Creates a tokenizer from a vocabulary and an explicit merge list (Hugging Face <c>merges.txt</c>, GGUF
    /// <c>tokenizer.ggml.merges</c>): <paramref name="merges"/>[i] is "left right" and has rank i. Whole chunks are
    /// looked up first for <see cref="PreTokenizerKind.Llama3"/> only (llama.cpp's and Hugging Face's <c>ignore_merges</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A normal piece is empty, repeated or not in byte-level form, a byte has no
    /// token of its own, or a merge is malformed, names or forms a piece that is not a normal token, or is repeated.</exception>
    public static ByteLevelBpeTokenizer Create(Vocabulary vocabulary, IReadOnlyList<string> merges, PreTokenizerKind preTokenizer)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(merges);
        return new ByteLevelBpeTokenizer(vocabulary, IndexNormalPieces(vocabulary), [.. merges], CheckKind(preTokenizer),
            looksUpWholeChunks: preTokenizer == PreTokenizerKind.Llama3);
    }

    /// <summary>
    /// Creates a tokenizer with tiktoken's rules: a normal token's id is its rank; any two adjacent tokens whose bytes
    /// together form a normal token merge, lowest rank first; a chunk that is a normal token is emitted whole.
    /// </summary>
    /// <exception cref="ArgumentException">A normal piece is empty, repeated or not in byte-level form, or a byte has
    /// no token of its own.</exception>
    public static ByteLevelBpeTokenizer CreateFromRanks(Vocabulary vocabulary, PreTokenizerKind preTokenizer)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new ByteLevelBpeTokenizer(vocabulary, IndexNormalPieces(vocabulary), null, CheckKind(preTokenizer), looksUpWholeChunks: true);
    }

    /// <summary>
    /// The merge list, "left right" in rank order: the one given to <see cref="Create"/>, or for rank-based tokenizers
    /// one derived as Hugging Face's tiktoken converter does (for each token in rank order, every split of it into two
    /// tokens, by the left then the right token's rank; derived once, on first use). With whole-chunk lookup, that list
    /// encodes as the ranks do.
    /// </summary>
    public IReadOnlyList<string> GetMerges() => _mergeList ?? (_derivedMerges ??= DeriveMerges());

    /// <summary>Encodes with the vocabulary's defaults (BOS if <see cref="Vocabulary.AddBos"/>, no special parsing).</summary>
    public int[] Encode(string text) => Encode(text, default(EncodeSettings));

    public int[] Encode(string text, EncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode(text.AsSpan(), settings);
    }

    public int[] Encode(ReadOnlySpan<char> text, EncodeSettings settings)
    {
        ByteLevelEncoder encoder = ByteLevelEncoder.Rent();
        try
        {
            EncodeCore(encoder, text, settings, encoder.Output);
            return [.. encoder.Output];
        }
        finally
        {
            ByteLevelEncoder.Return(encoder);
        }
    }

    public void Encode(ReadOnlySpan<char> text, List<int> destination, EncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ByteLevelEncoder encoder = ByteLevelEncoder.Rent();
        try
        {
            EncodeCore(encoder, text, settings, destination);
        }
        finally
        {
            ByteLevelEncoder.Return(encoder);
        }
    }

    private void EncodeCore(ByteLevelEncoder encoder, ReadOnlySpan<char> text, in EncodeSettings settings, List<int> output)
    {
        encoder.Cache.Bind(this);
        Vocabulary vocabulary = Vocabulary;
        if (settings.AddBos ?? vocabulary.AddBos)
            output.Add(vocabulary.Bos);

        List<(int Start, int Length, int TokenId)> fragments = encoder.Fragments;
        fragments.Clear();
        if (!text.IsEmpty)
            fragments.Add((0, text.Length, -1));
        SpecialTokenPartition.Split(text, vocabulary.Pieces,
            settings.ParseSpecial ? vocabulary.SpecialIdsByLength : vocabulary.UserDefinedIdsByLength, fragments);

        foreach ((int start, int length, int tokenId) in fragments)
        {
            if (tokenId >= 0)
            {
                output.Add(tokenId);
                continue;
            }

            ReadOnlySpan<char> raw = text.Slice(start, length);
            if (PreTokenizer == PreTokenizerKind.Qwen2 && !UnicodeNfc.IsQuickNfc(raw))
                raw = encoder.NormalizeNfc(raw);
            for (int at = 0; at < raw.Length;)
            {
                int end = PreTokenizerScanner.NextChunkEnd(PreTokenizer, raw, at);
                encoder.EncodeChunk(this, raw[at..end], output);
                at = end;
            }
        }

        if (settings.AddEos ?? vocabulary.AddEos)
            output.Add(vocabulary.Eos);
    }

    internal static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }

        return false;
    }

    private static PreTokenizerKind CheckKind(PreTokenizerKind kind) =>
        Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown pre-tokenizer.");

    private static NormalTokens IndexNormalPieces(Vocabulary vocabulary)
    {
        var normalIds = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        var tokenBytes = new List<(byte[] Bytes, int Id)>(vocabulary.Count);
        ReadOnlySpan<string> pieces = vocabulary.Pieces;
        ReadOnlySpan<TokenKind> kinds = vocabulary.Kinds;
        Span<byte> scratch = stackalloc byte[256];
        for (int id = 0; id < pieces.Length; id++)
        {
            if (kinds[id] != TokenKind.Normal)
                continue;
            string piece = pieces[id];
            if (piece.Length == 0)
                ThrowHelper.ThrowInvalidVocabulary(nameof(vocabulary), $"Normal token {id} has an empty piece.");
            Span<byte> bytes = piece.Length <= scratch.Length ? scratch : new byte[piece.Length];
            if (!ByteUnicodeMap.TryDecode(piece, bytes))
                ThrowHelper.ThrowInvalidVocabulary(nameof(vocabulary), $"Normal token {id} (\"{piece}\") is not in GPT-2's byte-level form.");
            if (!normalIds.TryAdd(piece, id))
                ThrowHelper.ThrowInvalidVocabulary(nameof(vocabulary), $"Normal token {id} repeats the piece \"{piece}\" of token {normalIds[piece]}.");
            tokenBytes.Add((bytes[..piece.Length].ToArray(), id));
        }

        var byteIds = new int[256];
        for (int b = 0; b < 256; b++)
        {
            if (!normalIds.TryGetValue(ByteUnicodeMap.ToChar((byte)b).ToString(), out byteIds[b]))
                ThrowHelper.ThrowInvalidVocabulary(nameof(vocabulary), $"Byte 0x{b:X2} has no token of its own (piece \"{ByteUnicodeMap.ToChar((byte)b)}\").");
        }

        return new NormalTokens(normalIds, byteIds, new TokenByteTable(tokenBytes));
    }

    /// <summary>
    /// Hugging Face's tiktoken conversion (the merges of Llama 3's <c>tokenizer.json</c>, and so of its GGUF files):
    /// for each token in rank order, every split into two tokens, ordered by the left then the right token's rank.
    /// </summary>
    private string[] DeriveMerges()
    {
        ReadOnlySpan<string> pieces = Vocabulary.Pieces;
        var ranked = new List<int>(_normalIds.Values);
        ranked.Sort();
        var merges = new List<string>(ranked.Count * 2);
        var splits = new List<(int Left, int Right)>();
        foreach (int id in ranked)
        {
            string piece = pieces[id];
            splits.Clear();
            for (int at = 1; at < piece.Length; at++)
            {
                if (NormalIds.TryGetValue(piece.AsSpan(0, at), out int left) && NormalIds.TryGetValue(piece.AsSpan(at), out int right))
                    splits.Add((left, right));
            }

            splits.Sort();
            foreach ((int left, int right) in splits)
                merges.Add(string.Concat(pieces[left], " ", pieces[right]));
        }

        return [.. merges];
    }

    /// <summary>The normal tokens indexed by piece and by bytes, and the id of each single byte.</summary>
    private sealed record NormalTokens(Dictionary<string, int> Ids, int[] ByteIds, TokenByteTable Table);
}
