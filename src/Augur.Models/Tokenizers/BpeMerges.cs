namespace Augur.Models.Tokenizers;

/// <summary>
/// Which adjacent pairs of tokens a byte-level BPE tokenizer merges, and in what order (lower rank first). Two kinds:
/// an explicit merge list (Hugging Face <c>merges.txt</c>, GGUF <c>tokenizer.ggml.merges</c>: merge <c>i</c> has rank
/// <c>i</c>), or tiktoken ranks (any two tokens whose bytes together form a normal token merge, with that token's id
/// as rank).
/// </summary>
internal sealed class BpeMerges
{
    private readonly Dictionary<long, long>? _pairs; // (left << 32 | right) → (rank << 32 | result)
    private readonly TokenByteTable? _tokens;
    private readonly long[] _bytePairs; // (first byte << 8 | second byte) → (rank << 32 | result), or -1

    private BpeMerges(Dictionary<long, long>? pairs, TokenByteTable? tokens, int[] byteIds)
    {
        _pairs = pairs;
        _tokens = tokens;
        _bytePairs = new long[256 * 256];
        Span<byte> joined = stackalloc byte[2];
        for (int pair = 0; pair < _bytePairs.Length; pair++)
        {
            joined[0] = (byte)(pair >> 8);
            joined[1] = (byte)pair;
            _bytePairs[pair] = TryGetMerge(byteIds[joined[0]], byteIds[joined[1]], joined, out int rank, out int result)
                ? ((long)rank << 32) | (uint)result
                : -1;
        }
    }

    /// <summary>True for tiktoken-style ranks, false for an explicit merge list.</summary>
    public bool IsRankBased => _pairs is null;

    /// <summary>The merges of an explicit list, each "left right" (two pieces and one space), in rank order.</summary>
    /// <exception cref="ArgumentException">A line is malformed, names a piece that is not a normal token, forms a
    /// piece that is not one, or repeats an earlier merge.</exception>
    public static BpeMerges FromList(IReadOnlyList<string> merges, Dictionary<string, int> normalIds, int[] byteIds)
    {
        var lookup = normalIds.GetAlternateLookup<ReadOnlySpan<char>>();
        var pairs = new Dictionary<long, long>(merges.Count);
        Span<char> joined = stackalloc char[256];
        for (int rank = 0; rank < merges.Count; rank++)
        {
            string? line = merges[rank];
            int space = line is null ? -1 : line.IndexOf(' ', StringComparison.Ordinal);
            if (line is null || space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
                ThrowHelper.ThrowInvalidVocabulary(nameof(merges), $"Merge {rank} (\"{line}\") is not two pieces separated by one space.");
            ReadOnlySpan<char> left = line.AsSpan(0, space);
            ReadOnlySpan<char> right = line.AsSpan(space + 1);
            if (!lookup.TryGetValue(left, out int leftId) | !lookup.TryGetValue(right, out int rightId))
                ThrowHelper.ThrowInvalidVocabulary(nameof(merges), $"Merge {rank} (\"{line}\") names a piece that is not a normal token.");

            Span<char> both = left.Length + right.Length <= joined.Length ? joined : new char[left.Length + right.Length];
            left.CopyTo(both);
            right.CopyTo(both[left.Length..]);
            if (!lookup.TryGetValue(both[..(left.Length + right.Length)], out int resultId))
                ThrowHelper.ThrowInvalidVocabulary(nameof(merges), $"Merge {rank} (\"{line}\") forms a piece that is not a normal token.");
            if (!pairs.TryAdd(Key(leftId, rightId), ((long)rank << 32) | (uint)resultId))
                ThrowHelper.ThrowInvalidVocabulary(nameof(merges), $"Merge {rank} (\"{line}\") repeats an earlier merge.");
        }

        return new BpeMerges(pairs, null, byteIds);
    }

    /// <summary>tiktoken ranks: the rank of a normal token is its id.</summary>
    public static BpeMerges FromRanks(TokenByteTable tokens, int[] byteIds) => new(null, tokens, byteIds);

    /// <summary>Whether the tokens of bytes <paramref name="first"/> then <paramref name="second"/> merge (a table look-up).</summary>
    public bool TryGetBytePairMerge(byte first, byte second, out int rank, out int result)
    {
        long value = _bytePairs[(first << 8) | second];
        rank = (int)(value >> 32);
        result = (int)value;
        return value >= 0;
    }

    /// <summary>
    /// Whether tokens <paramref name="left"/> then <paramref name="right"/>, whose bytes together are
    /// <paramref name="joined"/>, merge, into what, and at which rank.
    /// </summary>
    public bool TryGetMerge(int left, int right, ReadOnlySpan<byte> joined, out int rank, out int result)
    {
        if (_pairs is not null)
        {
            bool found = _pairs.TryGetValue(Key(left, right), out long value);
            rank = (int)(value >> 32);
            result = (int)value;
            return found;
        }

        bool exists = _tokens!.TryGetId(joined, out result);
        rank = result;
        return exists;
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
