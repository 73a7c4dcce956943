using System.Runtime.InteropServices;
using System.Text;

namespace Augur.Models.Tokenizers;

/// <summary>
/// The scratch state of one SentencePiece-BPE encode: the escaped text, its symbols and the bigram queue.
/// One instance is cached per thread, so steady-state encoding allocates nothing but the output.
/// </summary>
/// <remarks>
/// The algorithm is llama.cpp's <c>llm_tokenizer_spm_session</c> (itself SentencePiece's <c>bpe_model.cc</c>):
/// every Unicode scalar starts as a symbol in a doubly linked list; the adjacent pair whose concatenation is a piece
/// with the highest score is merged (leftmost first on ties) until no pair is a piece; each final symbol is emitted as
/// its piece, or as byte-fallback tokens <c>&lt;0xXX&gt;</c>. Work is done on UTF-16 chars instead of UTF-8 bytes:
/// symbols are whole scalars either way, so the merges and their order are the same.
/// </remarks>
internal sealed class SpmEncoder
{
    /// <summary>Longest segment, in scalars, merged by scanning for the best pair; longer ones use the queue.</summary>
    internal const int MaxScanningSymbols = 64;

    private const int MaxCachedChars = 1 << 20;

    [ThreadStatic]
    private static SpmEncoder? _threadCache;

    private readonly PriorityQueue<Bigram, Bigram> _queue = new(BigramOrder.Instance);
    private char[] _text = new char[256];
    private Symbol[] _symbols = new Symbol[256];

    /// <summary>Fragments of the input: raw text (<c>TokenId == -1</c>) or a matched special token.</summary>
    public List<Fragment> Fragments { get; } = [];

    /// <summary>Output buffer for callers that return an array.</summary>
    public List<int> Output { get; } = [];

    public static SpmEncoder Rent()
    {
        SpmEncoder? encoder = _threadCache;
        _threadCache = null; // a re-entrant call on this thread gets its own instance
        return encoder ?? new SpmEncoder();
    }

    public static void Return(SpmEncoder encoder)
    {
        if (encoder._text.Length > MaxCachedChars)
        {
            // Don't pin a huge buffer to the thread (but keep the cache).
            encoder._text = new char[256];
            encoder._symbols = new Symbol[256];
            encoder._queue.Clear();
            encoder._queue.TrimExcess();
        }

        encoder.Fragments.Clear();
        encoder.Output.Clear();
        _threadCache = encoder;
    }

    /// <summary>Chunk → ids of recent segments, for the tokenizer last bound to it.</summary>
    public ChunkCache Cache { get; } = new();

    /// <summary>
    /// Encodes one raw-text fragment: escapes spaces to <c>▁</c>, optionally prepends the dummy-prefix <c>▁</c>,
    /// merges and appends the ids to <paramref name="output"/>.
    /// </summary>
    /// <remarks>
    /// With <see cref="SentencePieceBpeTokenizer.SplitsAtSpaces"/> (no piece holds a <c>▁</c> right after another
    /// char), no merge can join the chars on either side of a <c>▁</c> that follows a non-<c>▁</c>, so the fragment is
    /// merged as independent segments cut before each such <c>▁</c>: the same result as merging it whole, in a small
    /// buffer, and each segment can be found in <see cref="Cache"/>.
    /// </remarks>
    public void EncodeFragment(SentencePieceBpeTokenizer tokenizer, ReadOnlySpan<char> raw, bool addSpacePrefix, List<int> output)
    {
        if (!tokenizer.SplitsAtSpaces || raw.IsEmpty)
        {
            EncodeSegment(tokenizer.Vocabulary, raw, addSpacePrefix, output);
            return;
        }

        for (int start = 0; start < raw.Length; addSpacePrefix = false)
        {
            int word = start;
            while (word < raw.Length && raw[word] is ' ' or Vocabulary.SpaceSymbol)
                word++;
            int next = word < raw.Length ? raw[word..].IndexOfAny(' ', Vocabulary.SpaceSymbol) : -1;
            int end = next < 0 ? raw.Length : word + next;
            EncodeSegment(tokenizer.Vocabulary, raw[start..end], addSpacePrefix, output);
            start = end;
        }
    }

    private void EncodeSegment(Vocabulary vocabulary, ReadOnlySpan<char> raw, bool addSpacePrefix, List<int> output)
    {
        // :: Step 1 — escape whitespace (llama_escape_whitespace) and add the dummy prefix.
        int length = raw.Length + (addSpacePrefix ? 1 : 0);
        if (length == 0)
            return;
        EnsureCapacity(length);
        Span<char> text = _text.AsSpan(0, length);
        int at = 0;
        if (addSpacePrefix)
            text[at++] = Vocabulary.SpaceSymbol;
        raw.Replace(text[at..], ' ', Vocabulary.SpaceSymbol);
        if (Cache.TryAppend(text, output, out int slot))
            return;
        int before = output.Count;
        Merge(vocabulary, text, output);
        Cache.Store(slot, text, CollectionsMarshal.AsSpan(output)[before..]);
    }

    private void Merge(Vocabulary vocabulary, ReadOnlySpan<char> text, List<int> output)
    {
        int length = text.Length;
        // :: Step 2 — one symbol per Unicode scalar (a valid surrogate pair is one symbol, a lone surrogate another).
        int count = 0;
        for (int i = 0; i < length; count++)
        {
            int n = char.IsHighSurrogate(text[i]) && i + 1 < length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            _symbols[count] = new Symbol(i, n, count - 1, i + n == length ? -1 : count + 1);
            i += n;
        }

        if (count <= MaxScanningSymbols)
        {
            MergeByScanning(vocabulary, text, _symbols.AsSpan(0, count), output);
            return;
        }

        // :: Step 3 — seed the queue with every adjacent pair that is a piece, then merge the best pair repeatedly.
        _queue.Clear();
        for (int i = 1; i < count; i++)
            TryAddBigram(vocabulary, i - 1, i);

        while (_queue.TryDequeue(out Bigram bigram, out _))
        {
            ref Symbol left = ref _symbols[bigram.Left];
            ref Symbol right = ref _symbols[bigram.Right];

            // Stale: one side was merged elsewhere since this pair was queued.
            if (left.Length == 0 || right.Length == 0 || left.Length + right.Length != bigram.Length)
                continue;

            left.Length += right.Length;
            right.Length = 0;
            left.Next = right.Next;
            if (right.Next >= 0)
                _symbols[right.Next].Prev = bigram.Left;

            TryAddBigram(vocabulary, left.Prev, bigram.Left);
            TryAddBigram(vocabulary, bigram.Left, left.Next);
        }

        // :: Step 4 — emit each remaining symbol as a piece, else as bytes.
        for (int i = 0; i != -1; i = _symbols[i].Next)
        {
            Symbol symbol = _symbols[i];
            ReadOnlySpan<char> piece = text.Slice(symbol.Start, symbol.Length);
            if (vocabulary.MergeablePieces.TryGetValue(piece, out int id))
                output.Add(id);
            else
                EmitBytes(vocabulary, piece, output); // only single scalars get here: every merge formed a piece
        }
    }

    /// <summary>
    /// The same merges for a short segment: each step scans for the pair of highest score (leftmost on ties), merges it
    /// and rates its two new pairs.
    /// </summary>
    private static void MergeByScanning(Vocabulary vocabulary, ReadOnlySpan<char> text, Span<Symbol> symbols, List<int> output)
    {
        ReadOnlySpan<float> scores = vocabulary.Scores;
        int n = symbols.Length;
        for (int i = 0; i < n; i++)
        {
            symbols[i].Id = -1;
            symbols[i].PairId = i + 1 < n ? PairId(vocabulary, text, symbols[i], symbols[i + 1]) : -1;
        }

        while (true)
        {
            int best = -1;
            float bestScore = 0;
            for (int i = 0; i < n - 1; i++)
            {
                int pair = symbols[i].PairId;
                if (pair >= 0 && (best < 0 || scores[pair] > bestScore))
                {
                    best = i;
                    bestScore = scores[pair];
                }
            }

            if (best < 0)
                break;
            ref Symbol merged = ref symbols[best];
            merged.Length += symbols[best + 1].Length;
            merged.Id = merged.PairId;
            symbols[(best + 2)..n].CopyTo(symbols[(best + 1)..]);
            n--;
            merged.PairId = best + 1 < n ? PairId(vocabulary, text, merged, symbols[best + 1]) : -1;
            if (best > 0)
                symbols[best - 1].PairId = PairId(vocabulary, text, symbols[best - 1], merged);
        }

        for (int i = 0; i < n; i++)
        {
            Symbol symbol = symbols[i];
            ReadOnlySpan<char> piece = text.Slice(symbol.Start, symbol.Length);
            if (symbol.Id >= 0)
                output.Add(symbol.Id);
            else if (vocabulary.MergeablePieces.TryGetValue(piece, out int id))
                output.Add(id);
            else
                EmitBytes(vocabulary, piece, output);
        }
    }

    /// <summary>The id of the piece that <paramref name="left"/> and <paramref name="right"/> form together, or -1.</summary>
    private static int PairId(Vocabulary vocabulary, ReadOnlySpan<char> text, Symbol left, Symbol right) =>
        vocabulary.MergeablePieces.TryGetValue(text.Slice(left.Start, left.Length + right.Length), out int id) ? id : -1;

    private void TryAddBigram(Vocabulary vocabulary, int left, int right)
    {
        if (left < 0 || right < 0)
            return;
        int length = _symbols[left].Length + _symbols[right].Length;
        ReadOnlySpan<char> pair = _text.AsSpan(_symbols[left].Start, length);
        if (vocabulary.MergeablePieces.TryGetValue(pair, out int id))
        {
            var bigram = new Bigram(left, right, length, vocabulary.Scores[id]);
            _queue.Enqueue(bigram, bigram);
        }
    }

    /// <summary>
    /// Byte fallback for a scalar that is not a piece: one <c>&lt;0xXX&gt;</c> token per UTF-8 byte (a lone surrogate
    /// counts as U+FFFD). If the vocabulary lacks any of those byte tokens, the scalar becomes one unknown token,
    /// as in SentencePiece without byte fallback.
    /// </summary>
    private static void EmitBytes(Vocabulary vocabulary, ReadOnlySpan<char> scalar, List<int> output)
    {
        Rune rune = Rune.DecodeFromUtf16(scalar, out Rune decoded, out _) == System.Buffers.OperationStatus.Done
            ? decoded
            : Rune.ReplacementChar;
        Span<byte> utf8 = stackalloc byte[4];
        int n = rune.EncodeToUtf8(utf8);
        ReadOnlySpan<int> byteIds = vocabulary.ByteIds;
        for (int j = 0; j < n; j++)
        {
            if (byteIds[utf8[j]] < 0)
            {
                output.Add(vocabulary.Unk);
                return;
            }
        }

        for (int j = 0; j < n; j++)
            output.Add(byteIds[utf8[j]]);
    }

    private void EnsureCapacity(int length)
    {
        if (_text.Length < length)
        {
            int size = Math.Max(length, _text.Length * 2);
            _text = new char[size];
            _symbols = new Symbol[size];
        }
    }

    /// <summary>A run of raw text (<see cref="TokenId"/> -1) or a special token, in the encoder's input.</summary>
    internal readonly record struct Fragment(int Start, int Length, int TokenId);

    /// <summary>
    /// A node of the symbol list: chars [Start, Start + Length) of the escaped text; Length 0 once merged away. When
    /// merging by scanning: <see cref="Id"/> is the symbol's id if a merge made it (else -1), <see cref="PairId"/> the
    /// id of the piece it forms with the next symbol (-1 if none), and the links are unused.
    /// </summary>
    private record struct Symbol(int Start, int Length, int Prev, int Next)
    {
        public int Id { get; set; }

        public int PairId { get; set; }
    }

    /// <summary>A candidate merge of two adjacent symbols whose joined text is a piece with this score.</summary>
    private readonly record struct Bigram(int Left, int Right, int Length, float Score);

    /// <summary>Highest score first; on equal scores the leftmost pair (llama.cpp's <c>llm_bigram_spm::comparator</c>).</summary>
    private sealed class BigramOrder : IComparer<Bigram>
    {
        public static readonly BigramOrder Instance = new();

        public int Compare(Bigram x, Bigram y)
        {
            int byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Left.CompareTo(y.Left);
        }
    }
}
