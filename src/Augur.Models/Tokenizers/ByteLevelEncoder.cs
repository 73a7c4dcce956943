using System.Text;

namespace Augur.Models.Tokenizers;

/// <summary>
/// The scratch state of one byte-level BPE encode: the chunk's UTF-8 bytes and their mapped chars, the symbol list
/// and the merge queue. One instance is cached per thread, so steady-state encoding allocates little but the output.
/// </summary>
/// <remarks>
/// Merging (llama.cpp's <c>llm_tokenizer_bpe_session</c>, Hugging Face's <c>Word::merge_all</c>, tiktoken's
/// <c>byte_pair_merge</c>): every byte starts as its own token; the adjacent pair with the lowest merge rank is merged,
/// the leftmost one on ties, until no pair merges. Queue entries are checked when taken, so stale ones are skipped.
/// </remarks>
internal sealed class ByteLevelEncoder
{
    private const int MaxCachedBytes = 1 << 20;

    [ThreadStatic]
    private static ByteLevelEncoder? _threadCache;

    private readonly PriorityQueue<Candidate, long> _queue = new();
    private byte[] _bytes = new byte[256];
    private char[] _chars = new char[256];
    private Symbol[] _symbols = new Symbol[256];
    private char[] _pairScratch = new char[512];

    /// <summary>Fragments of the input: raw text (<c>TokenId == -1</c>) or a matched special token.</summary>
    public List<(int Start, int Length, int TokenId)> Fragments { get; } = [];

    /// <summary>Output buffer for callers that return an array.</summary>
    public List<int> Output { get; } = [];

    public static ByteLevelEncoder Rent()
    {
        ByteLevelEncoder? encoder = _threadCache;
        _threadCache = null;
        return encoder ?? new ByteLevelEncoder();
    }

    public static void Return(ByteLevelEncoder encoder)
    {
        if (encoder._bytes.Length > MaxCachedBytes)
            return;
        encoder.Fragments.Clear();
        encoder.Output.Clear();
        _threadCache = encoder;
    }

    /// <summary>Encodes one pre-tokenizer chunk and appends its ids.</summary>
    public void EncodeChunk(ByteLevelBpeTokenizer tokenizer, ReadOnlySpan<char> chunk, List<int> output)
    {
        EnsurePairScratch(tokenizer.Vocabulary.MaxPieceLength);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(chunk.Length);
        if (maxBytes > _bytes.Length)
        {
            _bytes = new byte[Math.Max(maxBytes, _bytes.Length * 2)];
            _chars = new char[_bytes.Length];
            _symbols = new Symbol[_bytes.Length];
        }

        int count = Encoding.UTF8.GetBytes(chunk, _bytes); // a lone surrogate becomes U+FFFD
        ReadOnlySpan<byte> bytes = _bytes.AsSpan(0, count);

        // The whole chunk first, if it is a token (tiktoken; Hugging Face's ignore_merges).
        if (tokenizer.LooksUpWholeChunks && count > 1)
        {
            Span<char> mapped = _chars.AsSpan(0, count);
            ByteUnicodeMap.Encode(bytes, mapped);
            if (tokenizer.NormalIds.TryGetValue(mapped, out int whole))
            {
                output.Add(whole);
                return;
            }
        }

        for (int i = 0; i < count; i++)
            _symbols[i] = new Symbol(tokenizer.ByteIds[bytes[i]], i - 1, i + 1 < count ? i + 1 : -1);
        Merge(tokenizer.Merges, count);
        for (int i = 0; i >= 0; i = _symbols[i].Next)
            output.Add(_symbols[i].Id);
    }

    private void Merge(BpeMerges merges, int count)
    {
        _queue.Clear();
        for (int i = 1; i < count; i++)
            TryQueue(merges, i - 1, i);

        while (_queue.TryDequeue(out Candidate candidate, out _))
        {
            ref Symbol left = ref _symbols[candidate.Left];
            ref Symbol right = ref _symbols[candidate.Right];
            if (left.Id != candidate.LeftId || right.Id != candidate.RightId || left.Next != candidate.Right)
                continue; // stale: one side has merged since

            left.Id = candidate.Result;
            left.Next = right.Next;
            right.Id = -1;
            if (left.Next >= 0)
                _symbols[left.Next].Prev = candidate.Left;
            if (left.Prev >= 0)
                TryQueue(merges, left.Prev, candidate.Left);
            if (left.Next >= 0)
                TryQueue(merges, candidate.Left, left.Next);
        }
    }

    private void TryQueue(BpeMerges merges, int left, int right)
    {
        int leftId = _symbols[left].Id;
        int rightId = _symbols[right].Id;
        if (merges.TryGetMerge(leftId, rightId, _pairScratch, out int rank, out int result))
            _queue.Enqueue(new Candidate(left, right, leftId, rightId, result), ((long)rank << 32) | (uint)left);
    }

    private void EnsurePairScratch(int maxPieceLength)
    {
        if (_pairScratch.Length < 2 * maxPieceLength)
            _pairScratch = new char[2 * maxPieceLength];
    }

    private struct Symbol(int id, int prev, int next)
    {
        public int Id = id;
        public int Prev = prev;
        public int Next = next;
    }

    private readonly record struct Candidate(int Left, int Right, int LeftId, int RightId, int Result);
}
