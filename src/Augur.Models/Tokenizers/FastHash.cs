using System.Runtime.InteropServices;

namespace Augur.Models.Tokenizers;

/// <summary>
/// A fast, non-cryptographic hash for short byte strings (tokens, chunks): multiply-xorshift over 8 bytes at a time.
/// Only for in-process tables; the values are not stable across versions.
/// </summary>
internal static class FastHash
{
    private const ulong K = 0x9E3779B97F4A7C15;

    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        ulong h = (ulong)bytes.Length * K;
        for (; bytes.Length >= 8; bytes = bytes[8..])
        {
            h = (h ^ MemoryMarshal.Read<ulong>(bytes)) * K;
            h ^= h >> 29;
        }

        ulong tail = 0;
        for (int i = 0; i < bytes.Length; i++)
            tail |= (ulong)bytes[i] << (8 * i);
        h = (h ^ tail) * K;
        return h ^ (h >> 32);
    }

    public static ulong Hash(ReadOnlySpan<char> chars) => Hash(MemoryMarshal.AsBytes(chars));
}
