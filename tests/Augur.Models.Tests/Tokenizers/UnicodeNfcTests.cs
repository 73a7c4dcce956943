namespace Augur.Models.Tokenizers.Tests;

public sealed class UnicodeNfcTests
{
    [Fact]
    public void Normalize_MatchesPythonUnicodedata()
    {
        foreach ((string input, string nfc) in NfcCases.All)
        {
            Assert.Equal(nfc, UnicodeNfc.Normalize(input));
            Assert.Equal(nfc, UnicodeNfc.Normalize(nfc)); // idempotent
        }
    }

    [Fact]
    public void Normalize_LoneSurrogate_BecomesReplacementChar() =>
        Assert.Equal("a\uFFFD\u00E9", UnicodeNfc.Normalize("a\uD800e\u0301"));

    [Theory]
    [InlineData("plain ASCII, Latin-1: \u00E9\u00C5\u00FF", true)]
    [InlineData("e\u0301", false)]
    public void IsQuickNfc_OnlyForTextBelowU0300(string text, bool expected) => Assert.Equal(expected, UnicodeNfc.IsQuickNfc(text));

    [Fact]
    public void CombiningClass_OfKnownMarks()
    {
        Assert.Equal(230, UnicodeNfc.CombiningClass(0x301)); // COMBINING ACUTE ACCENT
        Assert.Equal(202, UnicodeNfc.CombiningClass(0x328)); // COMBINING OGONEK
        Assert.Equal(220, UnicodeNfc.CombiningClass(0x323)); // COMBINING DOT BELOW
        Assert.Equal(0, UnicodeNfc.CombiningClass('a'));
        Assert.Equal(0, UnicodeNfc.CombiningClass(0x4E2D));
    }
}
