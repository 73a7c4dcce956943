namespace Augur.Models.Tokenizers;

/// <summary>
/// The normal tokens of a byte-level vocabulary by their bytes (not GPT-2's char form): an open-addressing hash table
/// over one array of token bytes, so a run of a chunk's UTF-8 bytes is looked up in place, without mapping or copying.
/// Immutable after construction; safe to share between threads.
/// </summary>
internal sealed class TokenByteTable
{
    private readonly byte[] _bytes;   // every token's bytes, back to back
    private readonly int[] _offsets;  // entry e's bytes are _bytes[_offsets[e].._offsets[e + 1]]
    private readonly int[] _ids;      // entry → token id
    private readonly int[] _slots;    // hash slot → entry + 1, or 0 if empty
    private readonly uint[] _hashes;  // hash slot → low bits of the entry's hash, to skip most byte compares
    private readonly int _mask;

    /// <param name="tokens">Each normal token's bytes and id; the byte strings must be distinct and non-empty.</param>
    public TokenByteTable(IReadOnlyList<(byte[] Bytes, int Id)> tokens)
    {
        int total = 0;
        foreach ((byte[] bytes, _) in tokens)
            total += bytes.Length;
        _bytes = new byte[total];
        _offsets = new int[tokens.Count + 1];
        _ids = new int[tokens.Count];
        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)tokens.Count * 2));
        _slots = new int[size];
        _hashes = new uint[size];
        _mask = size - 1;
        int at = 0;
        for (int e = 0; e < tokens.Count; e++)
        {
            (byte[] bytes, int id) = tokens[e];
            bytes.CopyTo(_bytes, at);
            _offsets[e] = at;
            at += bytes.Length;
            _offsets[e + 1] = at;
            _ids[e] = id;
            ulong hash = FastHash.Hash(bytes);
            int slot = (int)hash & _mask;
            while (_slots[slot] != 0)
                slot = (slot + 1) & _mask;
            _slots[slot] = e + 1;
            _hashes[slot] = (uint)(hash >> 32);
        }
    }

    /// <summary>The id of the normal token whose bytes are <paramref name="bytes"/>, if there is one.</summary>
    public bool TryGetId(ReadOnlySpan<byte> bytes, out int id)
    {
        ulong hash = FastHash.Hash(bytes);
        uint check = (uint)(hash >> 32);
        for (int slot = (int)hash & _mask; ; slot = (slot + 1) & _mask)
        {
            int entry = _slots[slot] - 1;
            if (entry < 0)
                break;
            if (_hashes[slot] == check && bytes.SequenceEqual(_bytes.AsSpan(_offsets[entry], _offsets[entry + 1] - _offsets[entry])))
            {
                id = _ids[entry];
                return true;
            }
        }

        id = -1;
        return false;
    }
}
