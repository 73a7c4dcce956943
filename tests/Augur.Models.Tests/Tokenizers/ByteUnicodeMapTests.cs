namespace Augur.Models.Tokenizers.Tests;

public sealed class ByteUnicodeMapTests
{
    [Theory]
    [InlineData((byte)' ', '\u0120')]  // Ġ
    [InlineData((byte)'\n', '\u010A')] // Ċ
    [InlineData((byte)'\t', '\u0109')] // ĉ
    [InlineData((byte)0x00, '\u0100')]
    [InlineData((byte)0x7F, '\u0121')] // after the 33 bytes 0x00..0x20
    [InlineData((byte)0xAD, '\u0143')] // the last one: soft hyphen
    [InlineData((byte)'A', 'A')]
    [InlineData((byte)0xE9, '\u00E9')]
    public void ToChar_MatchesGpt2Table(byte value, char expected)
    {
        Assert.Equal(expected, ByteUnicodeMap.ToChar(value));
        Assert.True(ByteUnicodeMap.TryGetByte(expected, out byte back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Mapping_IsABijectionOntoPrintableChars()
    {
        var seen = new HashSet<char>();
        for (int b = 0; b < 256; b++)
        {
            char c = ByteUnicodeMap.ToChar((byte)b);
            Assert.True(seen.Add(c));
            Assert.False(char.IsWhiteSpace(c) || char.IsControl(c));
        }
    }

    [Theory]
    [InlineData(' ')]
    [InlineData('\u0144')]
    [InlineData('\u00AD')]
    [InlineData('中')]
    public void TryGetByte_ForCharOutsideTheMapping_IsFalse(char c) => Assert.False(ByteUnicodeMap.TryGetByte(c, out _));
}
