using System.Runtime.InteropServices;
using System.Text;

namespace Augur.Models.Tokenizers;

/// <summary>
/// The scratch state of one byte-level BPE encode: the chunk's UTF-8 bytes, the parts being merged, the merge queue
/// for long chunks, and a <see cref="ChunkCache"/>. One instance is cached per thread, so steady-state encoding
/// allocates nothing but the output.
/// </summary>
/// <remarks>
/// Merging (llama.cpp's <c>llm_tokenizer_bpe_session</c>, Hugging Face's <c>Word::merge_all</c>, tiktoken's
/// <c>byte_pair_merge</c>): every byte starts as its own token; the adjacent pair with the lowest merge rank is merged,
/// the leftmost one on ties, until no pair merges. Chunks of up to <see cref="MaxLinearBytes"/> bytes find that pair by
/// scanning (as tiktoken does); longer ones use a priority queue whose entries are checked when taken, so stale ones
/// are skipped. A part is always a run of the chunk's bytes, so a pair's joined bytes are looked up in place.
/// </remarks>
internal sealed class ByteLevelEncoder
{
    /// <summary>Longest chunk merged by scanning for the best pair; longer ones use the queue.</summary>
    internal const int MaxLinearBytes = 128;

    private const int InitialBytes = 256;
    private const int MaxKeptBytes = 1 << 20;

    [ThreadStatic]
    private static ByteLevelEncoder? _threadCache;

    private readonly PriorityQueue<Candidate, long> _queue = new();
    private byte[] _bytes = new byte[InitialBytes];
    private Part[] _parts = new Part[InitialBytes + 1];
    private readonly List<int> _nfcPoints = [];
    private char[] _nfcChars = [];

    /// <summary>Fragments of the input: raw text (<c>TokenId == -1</c>) or a matched special token.</summary>
    public List<(int Start, int Length, int TokenId)> Fragments { get; } = [];

    /// <summary>Output buffer for callers that return an array.</summary>
    public List<int> Output { get; } = [];

    /// <summary>Chunk → ids of recent chunks, for the tokenizer last bound to it.</summary>
    public ChunkCache Cache { get; } = new();

    public static ByteLevelEncoder Rent()
    {
        ByteLevelEncoder? encoder = _threadCache;
        _threadCache = null; // a re-entrant call on this thread gets its own instance
        return encoder ?? new ByteLevelEncoder();
    }

    public static void Return(ByteLevelEncoder encoder)
    {
        if (encoder._bytes.Length > MaxKeptBytes)
        {
            // Don't pin a huge buffer to the thread (but keep the cache).
            encoder._bytes = new byte[InitialBytes];
            encoder._parts = new Part[InitialBytes + 1];
            encoder._queue.Clear();
            encoder._queue.TrimExcess();
        }

        if (encoder._nfcChars.Length > MaxKeptBytes)
        {
            encoder._nfcChars = [];
            encoder._nfcPoints.Clear();
            encoder._nfcPoints.Capacity = 0;
        }

        encoder.Fragments.Clear();
        encoder.Output.Clear();
        _threadCache = encoder;
    }

    /// <summary>
    /// Unicode NFC (<see cref="UnicodeNfc"/>) into this encoder's buffer, valid until the next call; a lone surrogate
    /// becomes U+FFFD, as UTF-8 encoding would make it.
    /// </summary>
    public ReadOnlySpan<char> NormalizeNfc(ReadOnlySpan<char> text) => UnicodeNfc.Normalize(text, _nfcPoints, ref _nfcChars);

    /// <summary>Encodes one pre-tokenizer chunk and appends its ids (from <see cref="Cache"/> if it holds them).</summary>
    public void EncodeChunk(ByteLevelBpeTokenizer tokenizer, ReadOnlySpan<char> chunk, List<int> output)
    {
        if (Cache.TryAppend(chunk, output, out int set))
            return;
        int before = output.Count;
        EncodeUncached(tokenizer, chunk, output);
        Cache.Store(set, chunk, CollectionsMarshal.AsSpan(output)[before..]);
    }

    private void EncodeUncached(ByteLevelBpeTokenizer tokenizer, ReadOnlySpan<char> chunk, List<int> output)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(chunk.Length);
        if (maxBytes > _bytes.Length)
        {
            _bytes = new byte[Math.Max(maxBytes, _bytes.Length * 2)];
            _parts = new Part[_bytes.Length + 1];
        }

        int count = Encoding.UTF8.GetBytes(chunk, _bytes); // a lone surrogate becomes U+FFFD
        ReadOnlySpan<byte> bytes = _bytes.AsSpan(0, count);

        // The whole chunk first, if it is a token (tiktoken; Hugging Face's ignore_merges).
        if (count == 1)
        {
            output.Add(tokenizer.ByteIds[bytes[0]]);
            return;
        }

        if (tokenizer.LooksUpWholeChunks && tokenizer.Tokens.TryGetId(bytes, out int whole))
        {
            output.Add(whole);
            return;
        }

        Span<Part> parts = _parts.AsSpan(0, count + 1);
        for (int i = 0; i < count; i++)
            parts[i] = new Part(i, tokenizer.ByteIds[bytes[i]]);
        parts[count] = new Part(count, -1); // sentinel: where the last part ends
        if (count <= MaxLinearBytes)
            MergeByScanning(tokenizer.Merges, bytes, parts, output);
        else
            MergeByQueue(tokenizer.Merges, bytes, parts, output);
    }

    /// <summary>Each step scans for the pair of lowest rank (leftmost on ties), merges it and rates its two new pairs.</summary>
    private static void MergeByScanning(BpeMerges merges, ReadOnlySpan<byte> bytes, Span<Part> parts, List<int> output)
    {
        int n = parts.Length - 1;
        for (int i = 0; i < n - 1; i++)
        {
            bool found = merges.TryGetBytePairMerge(bytes[i], bytes[i + 1], out int rank, out parts[i].Result);
            parts[i].Rank = found ? rank : int.MaxValue;
        }

        parts[n - 1].Rank = int.MaxValue;

        while (true)
        {
            int best = -1;
            int bestRank = int.MaxValue;
            for (int i = 0; i < n - 1; i++)
            {
                if (parts[i].Rank < bestRank)
                {
                    bestRank = parts[i].Rank;
                    best = i;
                }
            }

            if (best < 0)
                break;
            parts[best].Id = parts[best].Result;
            parts[(best + 2)..(n + 1)].CopyTo(parts[(best + 1)..]);
            n--;
            if (best < n - 1)
                Rate(merges, bytes, parts, best);
            else
                parts[best].Rank = int.MaxValue;
            if (best > 0)
                Rate(merges, bytes, parts, best - 1);
        }

        for (int i = 0; i < n; i++)
            output.Add(parts[i].Id);
    }

    /// <summary>Sets the rank and result of merging part <paramref name="i"/> with the next one (int.MaxValue: none).</summary>
    private static void Rate(BpeMerges merges, ReadOnlySpan<byte> bytes, Span<Part> parts, int i)
    {
        ref Part part = ref parts[i];
        ReadOnlySpan<byte> joined = bytes[part.Start..parts[i + 2].Start];
        bool found = merges.TryGetMerge(part.Id, parts[i + 1].Id, joined, out int rank, out int result);
        part.Rank = found ? rank : int.MaxValue;
        part.Result = result;
    }

    /// <summary>The same merges through a priority queue of candidate pairs, with the parts as a linked list.</summary>
    private void MergeByQueue(BpeMerges merges, ReadOnlySpan<byte> bytes, Span<Part> parts, List<int> output)
    {
        int count = parts.Length - 1;
        for (int i = 0; i < count; i++)
        {
            parts[i].Prev = i - 1;
            parts[i].Next = i + 1; // the last one's is the sentinel
        }

        _queue.Clear();
        for (int i = 0; i < count - 1; i++)
        {
            if (merges.TryGetBytePairMerge(bytes[i], bytes[i + 1], out int rank, out int result))
                _queue.Enqueue(new Candidate(i, i + 1, parts[i].Id, parts[i + 1].Id, result), ((long)rank << 32) | (uint)i);
        }

        while (_queue.TryDequeue(out Candidate candidate, out _))
        {
            ref Part left = ref parts[candidate.Left];
            ref Part right = ref parts[candidate.Right];
            if (left.Id != candidate.LeftId || right.Id != candidate.RightId || left.Next != candidate.Right)
                continue; // stale: one side has merged since

            left.Id = candidate.Result;
            left.Next = right.Next;
            right.Id = -1;
            parts[left.Next].Prev = candidate.Left;
            if (left.Prev >= 0)
                TryQueue(merges, bytes, parts, left.Prev);
            if (left.Next < count)
                TryQueue(merges, bytes, parts, candidate.Left);
        }

        for (int i = 0; i < count; i = parts[i].Next)
            output.Add(parts[i].Id);
    }

    private void TryQueue(BpeMerges merges, ReadOnlySpan<byte> bytes, Span<Part> parts, int left)
    {
        int right = parts[left].Next;
        int leftId = parts[left].Id;
        int rightId = parts[right].Id;
        ReadOnlySpan<byte> joined = bytes[parts[left].Start..parts[parts[right].Next].Start];
        if (merges.TryGetMerge(leftId, rightId, joined, out int rank, out int result))
            _queue.Enqueue(new Candidate(left, right, leftId, rightId, result), ((long)rank << 32) | (uint)left);
    }

    /// <summary>
    /// A token over bytes [Start, next part's Start). Scanning: <see cref="Rank"/>/<see cref="Result"/> of merging
    /// with the next part. Queue: <see cref="Prev"/>/<see cref="Next"/> link the live parts.
    /// </summary>
    private struct Part(int start, int id)
    {
        public int Start = start;
        public int Id = id;
        public int Rank;
        public int Result;
        public int Prev;
        public int Next;
    }

    private readonly record struct Candidate(int Left, int Right, int LeftId, int RightId, int Result);
}
