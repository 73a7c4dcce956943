using System.Globalization;

namespace Augur.Models.Tokenizers;

/// <summary>
/// An immutable SentencePiece-style vocabulary: pieces as GGUF stores them (<c>▁</c> U+2581 for a space), their scores
/// (higher merges first) and kinds, the special ids and the encoding flags. Built once through <see cref="Create"/>.
/// </summary>
/// <remarks>
/// Duplicate pieces are accepted and resolved as llama.cpp resolves them (<c>token_to_id[word] = i</c> in id order):
/// text maps to the <em>last</em> id carrying that piece; the earlier ids still decode to their piece.
/// </remarks>
public sealed class Vocabulary
{
    /// <summary>SentencePiece's visible space, U+2581 LOWER ONE EIGHTH BLOCK.</summary>
    public const char SpaceSymbol = '\u2581';

    private readonly string[] _pieces;
    private readonly float[] _scores;
    private readonly TokenKind[] _kinds;
    private readonly Dictionary<string, int> _idByPiece;
    private readonly Dictionary<string, int> _mergeableIdByPiece;
    private readonly int[] _byteIds;      // byte value → id of its <0xXX> token, or -1
    private readonly short[] _byteValues; // id → byte value of a Byte token, or -1

    private Vocabulary(string[] pieces, float[] scores, TokenKind[] kinds, VocabularyOptions options)
    {
        _pieces = pieces;
        _scores = scores;
        _kinds = kinds;
        Options = options;

        _idByPiece = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        for (int id = 0; id < pieces.Length; id++)
        {
            if (pieces[id].Length > 0)
                _idByPiece[pieces[id]] = id; // last one wins, as in llama.cpp
        }

        // Merges may only form the pieces SentencePiece itself forms: normal and user-defined ones. A control piece
        // such as "<s>" or a byte piece such as "<0x41>" never comes out of plain text.
        _mergeableIdByPiece = new Dictionary<string, int>(_idByPiece.Count, StringComparer.Ordinal);
        foreach ((string piece, int id) in _idByPiece)
        {
            if (kinds[id] is TokenKind.Normal or TokenKind.UserDefined)
                _mergeableIdByPiece.Add(piece, id);
        }

        MergeablePieces = _mergeableIdByPiece.GetAlternateLookup<ReadOnlySpan<char>>();
        PieceIds = _idByPiece.GetAlternateLookup<ReadOnlySpan<char>>();

        _byteIds = new int[256];
        Array.Fill(_byteIds, -1);
        _byteValues = new short[pieces.Length];
        Array.Fill(_byteValues, (short)-1);
        int maxPieceLength = 0;
        for (int id = 0; id < pieces.Length; id++)
        {
            maxPieceLength = Math.Max(maxPieceLength, pieces[id].Length);
            if (kinds[id] != TokenKind.Byte)
                continue;
            if (!TryParseBytePiece(pieces[id], out byte value))
                ThrowHelper.ThrowInvalidVocabulary("pieces", $"Byte token {id} has piece \"{pieces[id]}\", not <0xXX>.");
            _byteValues[id] = value;
            _byteIds[value] = id;
        }

        HasByteFallback = !_byteIds.Contains(-1);
        MaxPieceLength = maxPieceLength;
        SpecialIdsByLength = SortedSpecialIds(static kind => kind is TokenKind.Control or TokenKind.Unknown or TokenKind.UserDefined);
        UserDefinedIdsByLength = SortedSpecialIds(static kind => kind is TokenKind.UserDefined);
    }

    /// <summary>Number of entries; valid ids are 0 to <c>Count - 1</c>.</summary>
    public int Count => _pieces.Length;

    /// <summary>The special ids and flags this vocabulary was created with.</summary>
    public VocabularyOptions Options { get; }

    public TokenId Bos => Options.Bos;

    public TokenId Eos => Options.Eos;

    public TokenId Unk => Options.Unk;

    public TokenId? Pad => Options.Pad;

    /// <inheritdoc cref="VocabularyOptions.AddBos"/>
    public bool AddBos => Options.AddBos;

    /// <inheritdoc cref="VocabularyOptions.AddEos"/>
    public bool AddEos => Options.AddEos;

    /// <inheritdoc cref="VocabularyOptions.AddSpacePrefix"/>
    public bool AddSpacePrefix => Options.AddSpacePrefix;

    /// <summary>Whether all 256 byte-fallback tokens <c>&lt;0x00&gt;</c>..<c>&lt;0xFF&gt;</c> are present.</summary>
    public bool HasByteFallback { get; }

    /// <summary>Length of the longest piece, in UTF-16 chars.</summary>
    public int MaxPieceLength { get; }

    /// <summary>Normal and user-defined pieces → id: what merges may form.</summary>
    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> MergeablePieces { get; }

    /// <summary>Every non-empty piece → id.</summary>
    internal Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> PieceIds { get; }

    /// <summary>Control, unknown and user-defined ids, longest piece first (llama.cpp's special-token partition order).</summary>
    internal int[] SpecialIdsByLength { get; }

    /// <summary>User-defined ids, longest piece first: matched whole even when special tokens are not parsed.</summary>
    internal int[] UserDefinedIdsByLength { get; }

    internal ReadOnlySpan<string> Pieces => _pieces;

    internal ReadOnlySpan<float> Scores => _scores;

    internal ReadOnlySpan<TokenKind> Kinds => _kinds;

    /// <summary>Byte value → id of its byte token, or -1.</summary>
    internal ReadOnlySpan<int> ByteIds => _byteIds;

    /// <summary>Id → byte value of a byte token, or -1.</summary>
    internal ReadOnlySpan<short> ByteValues => _byteValues;

    public string GetPiece(TokenId id) => _pieces[CheckId(id)];

    public float GetScore(TokenId id) => _scores[CheckId(id)];

    public TokenKind GetKind(TokenId id) => _kinds[CheckId(id)];

    /// <summary>Looks a piece up exactly as stored (with <c>▁</c> for spaces), whatever its kind.</summary>
    public bool TryGetId(ReadOnlySpan<char> piece, out TokenId id)
    {
        bool found = PieceIds.TryGetValue(piece, out int value);
        id = new TokenId(found ? value : -1);
        return found;
    }

    /// <summary>
    /// Creates a vocabulary from parallel arrays (GGUF's <c>tokenizer.ggml.tokens</c>, <c>.scores</c>,
    /// <c>.token_type</c>). The arrays are copied.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The lengths differ, the vocabulary is empty, a piece is null, a score is NaN, a kind is undefined, a byte token
    /// is not named <c>&lt;0xXX&gt;</c>, or a special id is out of range. Loaders turn this into a
    /// <see cref="ModelLoadException"/> naming the file.
    /// </exception>
    public static Vocabulary Create(
        ReadOnlySpan<string> pieces, ReadOnlySpan<float> scores, ReadOnlySpan<TokenKind> kinds, VocabularyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (pieces.IsEmpty)
            ThrowHelper.ThrowInvalidVocabulary(nameof(pieces), "The vocabulary is empty.");
        if (scores.Length != pieces.Length || kinds.Length != pieces.Length)
        {
            ThrowHelper.ThrowInvalidVocabulary(nameof(scores),
                $"{pieces.Length} pieces, {scores.Length} scores and {kinds.Length} kinds: the counts must be equal.");
        }

        for (int id = 0; id < pieces.Length; id++)
        {
            if (pieces[id] is null)
                ThrowHelper.ThrowInvalidVocabulary(nameof(pieces), $"Piece {id} is null.");
            if (float.IsNaN(scores[id]))
                ThrowHelper.ThrowInvalidVocabulary(nameof(scores), $"Score {id} is NaN.");
            if (kinds[id] is < TokenKind.Normal or > TokenKind.Byte)
                ThrowHelper.ThrowInvalidVocabulary(nameof(kinds), $"Token {id} has undefined kind {(int)kinds[id]}.");
        }

        CheckSpecial(options.Bos, nameof(options.Bos), pieces.Length);
        CheckSpecial(options.Eos, nameof(options.Eos), pieces.Length);
        CheckSpecial(options.Unk, nameof(options.Unk), pieces.Length);
        if (options.Pad is TokenId pad)
            CheckSpecial(pad, nameof(options.Pad), pieces.Length);

        return new Vocabulary(pieces.ToArray(), scores.ToArray(), kinds.ToArray(), options);
    }

    internal int CheckId(int id)
    {
        if ((uint)id >= (uint)_pieces.Length)
            ThrowHelper.ThrowTokenIdOutOfRange(id, _pieces.Length);
        return id;
    }

    private static void CheckSpecial(TokenId id, string name, int count)
    {
        if ((uint)id.Value >= (uint)count)
            ThrowHelper.ThrowInvalidVocabulary("options", $"Special token {name} = {id.Value} is outside the vocabulary [0, {count}).");
    }

    private int[] SortedSpecialIds(Func<TokenKind, bool> include)
    {
        var ids = new List<int>();
        for (int id = 0; id < _pieces.Length; id++)
        {
            if (include(_kinds[id]) && _pieces[id].Length > 0)
                ids.Add(id);
        }

        // Longest first, then by id: a stable stand-in for llama.cpp's sort by length.
        ids.Sort((a, b) => _pieces[a].Length != _pieces[b].Length ? _pieces[b].Length.CompareTo(_pieces[a].Length) : a.CompareTo(b));
        return [.. ids];
    }

    /// <summary>Parses <c>&lt;0xXX&gt;</c> (hex digits of either case).</summary>
    internal static bool TryParseBytePiece(ReadOnlySpan<char> piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.Slice(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
