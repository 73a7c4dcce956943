using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Augur.Models.Tokenizers;

/// <summary>
/// A fixed-size, two-way set-associative cache of short chunk text → the ids BPE made of it, for one tokenizer at a
/// time. Words recur (Zipf), so most chunks of real text are found here and skip merging. It lives in a thread's
/// encoder scratch (<see cref="ByteLevelEncoder"/>, <see cref="SpmEncoder"/>), so it needs no locking; its memory is
/// fixed (<see cref="Entries"/> × 64 bytes = 512 KB, allocated on first use) and nothing is allocated after that.
/// </summary>
/// <remarks>
/// An entry holds one chunk of up to <see cref="MaxChars"/> chars and up to <see cref="MaxIds"/> ids, in one 64-byte
/// line. A chunk may sit in either entry of its set; a new one goes first and moves the other second, dropping the
/// second. Results never change: a hit requires the exact same chars, and a chunk's ids depend on nothing but the
/// chunk and the tokenizer, which <see cref="Bind"/> checks.
/// </remarks>
internal sealed class ChunkCache
{
    /// <summary>Longest chunk cached, in UTF-16 chars.</summary>
    public const int MaxChars = 15;

    /// <summary>Most ids a cached chunk may have.</summary>
    public const int MaxIds = 8;

    /// <summary>Number of entries (two per set).</summary>
    public const int Entries = 1 << (SetBits + 1);

    private const int SetBits = 12;

    private Entry[] _entries = [];
    private object? _owner;

    /// <summary>Makes the cache serve <paramref name="owner"/> (a tokenizer), emptying it if it served another.</summary>
    public void Bind(object owner)
    {
        if (ReferenceEquals(_owner, owner))
            return;
        if (_entries.Length == 0)
            _entries = new Entry[Entries];
        else
            Array.Clear(_entries);
        _owner = owner;
    }

    /// <summary>
    /// Appends the cached ids of <paramref name="chunk"/> to <paramref name="output"/> if it is here. Otherwise
    /// returns false with the <paramref name="set"/> to pass to <see cref="Store"/> (-1 if the chunk is empty or too long).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAppend(ReadOnlySpan<char> chunk, List<int> output, out int set)
    {
        if ((uint)(chunk.Length - 1) >= MaxChars || _entries.Length == 0)
        {
            set = -1;
            return false;
        }

        set = Hash(chunk);
        ref Entry first = ref _entries[2 * set];
        if (first.Matches(chunk))
        {
            output.AddRange(first.GetIds());
            return true;
        }

        ref Entry second = ref Unsafe.Add(ref first, 1);
        if (second.Matches(chunk))
        {
            output.AddRange(second.GetIds());
            return true;
        }

        return false;
    }

    /// <summary>Remembers <paramref name="ids"/> for <paramref name="chunk"/> in <paramref name="set"/> (from <see cref="TryAppend"/>).</summary>
    public void Store(int set, ReadOnlySpan<char> chunk, ReadOnlySpan<int> ids)
    {
        if (set < 0 || ids.Length > MaxIds)
            return;
        ref Entry first = ref _entries[2 * set];
        Unsafe.Add(ref first, 1) = first;
        first.KeyLength = (byte)chunk.Length;
        first.IdCount = (byte)ids.Length;
        chunk.CopyTo(first.Key);
        ids.CopyTo(first.Ids);
    }

    private static int Hash(ReadOnlySpan<char> chunk) => (int)(FastHash.Hash(chunk) >> (64 - SetBits));

    /// <summary>One cached chunk (64 bytes): its length and chars, then its ids. <see cref="KeyLength"/> 0 is empty.</summary>
    private struct Entry
    {
        public byte KeyLength;
        public byte IdCount;
        public KeyChars Key;
        public IdArray Ids;

        public readonly bool Matches(ReadOnlySpan<char> chunk) =>
            KeyLength == chunk.Length && chunk.SequenceEqual(((ReadOnlySpan<char>)Key)[..chunk.Length]);

        [UnscopedRef]
        public readonly ReadOnlySpan<int> GetIds() => ((ReadOnlySpan<int>)Ids)[..IdCount];
    }

    [InlineArray(MaxChars)]
    private struct KeyChars
    {
        private char _element;
    }

    [InlineArray(MaxIds)]
    private struct IdArray
    {
        private int _element;
    }
}
