namespace Augur.Models.Tokenizers.Tests;

/// <summary>llama.cpp's tokenizer test vectors (made with Hugging Face tokenizers), for all three byte-level vocabularies.</summary>
public sealed class ByteLevelVectorTests
{
    [Theory]
    [MemberData(nameof(ByteLevelTestTokenizers.AllCases), MemberType = typeof(ByteLevelTestTokenizers))]
    public void Encode_FromOriginalFiles_MatchesLlamaCppVector(string name, int index)
    {
        (string text, int[] expected) = ByteLevelTestTokenizers.GetCases(name)[index];

        int[] actual = ByteLevelTestTokenizers.Get(name).Encode(text, EncodeSettings.TextOnly);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(ByteLevelTestTokenizers.AllCases), MemberType = typeof(ByteLevelTestTokenizers))]
    public void Encode_AfterGgufRoundTrip_MatchesLlamaCppVector(string name, int index)
    {
        (string text, int[] expected) = ByteLevelTestTokenizers.GetCases(name)[index];

        int[] actual = ByteLevelTestTokenizers.GetFromGguf(name).Encode(text, EncodeSettings.TextOnly);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(ByteLevelTestTokenizers.AllCases), MemberType = typeof(ByteLevelTestTokenizers))]
    public void Decode_OfVectorIds_GivesTheText(string name, int index)
    {
        (string text, int[] ids) = ByteLevelTestTokenizers.GetCases(name)[index];

        Assert.Equal(text, ByteLevelTestTokenizers.Get(name).Decode(ids)); // the inputs are all NFC already
    }

    [Fact]
    public void VectorSets_HaveAll46Cases()
    {
        foreach (string name in ByteLevelTestTokenizers.Names)
            Assert.Equal(46, ByteLevelTestTokenizers.GetCases(name).Length);
    }
}
