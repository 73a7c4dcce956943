namespace Augur.Models.Tokenizers;

/// <summary>
/// GPT-2's byte ↔ Unicode mapping (<c>bytes_to_unicode</c>), in which byte-level BPE vocabularies store their pieces:
/// every byte becomes one printable BMP char. The bytes <c>!</c>..<c>~</c>, <c>¡</c>..<c>¬</c> and <c>®</c>..<c>ÿ</c>
/// stand for themselves; the other 68 (controls, space, DEL, NBSP, soft hyphen...) take U+0100, U+0101... in byte
/// order, so a space is <c>Ġ</c> (U+0120) and a newline <c>Ċ</c> (U+010A).
/// </summary>
public static class ByteUnicodeMap
{
    /// <summary>One past the highest char the mapping uses (U+0143).</summary>
    private const int CharLimit = 0x144;

    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly short[] CharToByte = BuildCharToByte();

    /// <summary>The char that stands for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>The byte <paramref name="c"/> stands for, or false if it is not a char of the mapping.</summary>
    public static bool TryGetByte(char c, out byte value)
    {
        int b = c < CharLimit ? CharToByte[c] : -1;
        value = (byte)b;
        return b >= 0;
    }

    /// <summary>Maps each byte to its char; <paramref name="destination"/> must hold <c>bytes.Length</c> chars.</summary>
    public static void Encode(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, bytes.Length, nameof(destination));
        for (int i = 0; i < bytes.Length; i++)
            destination[i] = ByteToChar[bytes[i]];
    }

    /// <summary>The bytes <paramref name="bytes"/> as a piece string.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length, bytes.ToArray(), static (span, b) => Encode(b, span));

    /// <summary>
    /// Maps a piece back to its bytes; false if a char is not one of the mapping (the piece is then not byte-level).
    /// <paramref name="destination"/> must hold <c>piece.Length</c> bytes.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> piece, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, piece.Length, nameof(destination));
        for (int i = 0; i < piece.Length; i++)
        {
            if (!TryGetByte(piece[i], out destination[i]))
                return false;
        }

        return true;
    }

    private static bool StandsForItself(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
            map[b] = StandsForItself(b) ? (char)b : (char)next++;
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[CharLimit];
        Array.Fill(map, (short)-1);
        for (int b = 0; b < 256; b++)
            map[ByteToChar[b]] = (short)b;
        return map;
    }
}
