namespace Augur.Models.Tokenizers.Tests;

/// <summary>Merging rules on tiny vocabularies (ids 0..255 are the bytes, so 'a' = 97), worked out by hand.</summary>
public sealed class ByteLevelBpeTokenizerTests
{
    private const int A = 'a', B = 'b', C = 'c', X = 'x';

    [Fact]
    public void Encode_MergesLowestRankFirst()
    {
        Vocabulary v = TinyByteLevel.Normal("ab", "bc", "abc"); // 256, 257, 258
        var bcFirst = ByteLevelBpeTokenizer.Create(v, [TinyByteLevel.Merge("b", "c"), TinyByteLevel.Merge("a", "b"), TinyByteLevel.Merge("ab", "c")], PreTokenizerKind.Gpt2);
        var abFirst = ByteLevelBpeTokenizer.Create(v, [TinyByteLevel.Merge("a", "b"), TinyByteLevel.Merge("b", "c"), TinyByteLevel.Merge("ab", "c")], PreTokenizerKind.Gpt2);

        Assert.Equal([A, 257], bcFirst.Encode("abc", EncodeSettings.TextOnly)); // "a bc" is no merge
        Assert.Equal([258], abFirst.Encode("abc", EncodeSettings.TextOnly));
    }

    [Fact]
    public void Encode_EqualRanks_MergeLeftmostFirst()
    {
        Vocabulary v = TinyByteLevel.Normal("aa");
        var tokenizer = ByteLevelBpeTokenizer.Create(v, [TinyByteLevel.Merge("a", "a")], PreTokenizerKind.Gpt2);

        Assert.Equal([256, A], tokenizer.Encode("aaa", EncodeSettings.TextOnly));
        Assert.Equal([256, 256], tokenizer.Encode("aaaa", EncodeSettings.TextOnly));
    }

    [Fact]
    public void CreateFromRanks_MergesAnyPairThatFormsAToken_ByItsId()
    {
        Vocabulary v = TinyByteLevel.Normal("bc", "ab", "abc"); // 256, 257, 258
        var tokenizer = ByteLevelBpeTokenizer.CreateFromRanks(v, PreTokenizerKind.Gpt2);

        // bc (256) before ab (257); then a+bc forms abc, though no merge list says "a bc".
        Assert.Equal([258, X], tokenizer.Encode("abcx", EncodeSettings.TextOnly));
        Assert.True(tokenizer.IsRankBased);
        Assert.True(tokenizer.LooksUpWholeChunks);
    }

    [Fact]
    public void GetMerges_ForRanks_ListsEverySplitOfEachToken()
    {
        Vocabulary v = TinyByteLevel.Normal("bc", "ab", "abc");
        var tokenizer = ByteLevelBpeTokenizer.CreateFromRanks(v, PreTokenizerKind.Gpt2);

        // Tokens by rank: bc, ab, abc; abc splits as a|bc (a = 97) and ab|c (ab = 257), by the left rank.
        string[] expected = [TinyByteLevel.Merge("b", "c"), TinyByteLevel.Merge("a", "b"), TinyByteLevel.Merge("a", "bc"), TinyByteLevel.Merge("ab", "c")];
        Assert.Equal(expected, tokenizer.GetMerges());

        // As a merge list, they encode as the ranks do.
        var fromList = ByteLevelBpeTokenizer.Create(v, tokenizer.GetMerges(), PreTokenizerKind.Gpt2);
        Assert.Equal([258, X], fromList.Encode("abcx", EncodeSettings.TextOnly));
    }

    [Fact]
    public void Encode_Llama3_LooksUpTheWholeChunkFirst()
    {
        Vocabulary v = TinyByteLevel.Normal("ab", "abc"); // 256, 257; no merge forms abc
        string[] merges = [TinyByteLevel.Merge("a", "b")];

        Assert.Equal([257], ByteLevelBpeTokenizer.Create(v, merges, PreTokenizerKind.Llama3).Encode("abc", EncodeSettings.TextOnly));
        Assert.Equal([256, C], ByteLevelBpeTokenizer.Create(v, merges, PreTokenizerKind.Gpt2).Encode("abc", EncodeSettings.TextOnly));
    }

    [Fact]
    public void Encode_SpecialTokens_OnlyWithParseSpecial_UserDefinedAlways()
    {
        Vocabulary v = TinyByteLevel.Create(("<user>", TokenKind.UserDefined)); // 256; bos 257, eos 258
        var tokenizer = ByteLevelBpeTokenizer.Create(v, [], PreTokenizerKind.Gpt2);

        Assert.Equal([X, 256, B], tokenizer.Encode("x<user>b", EncodeSettings.TextOnly));
        Assert.DoesNotContain(258, tokenizer.Encode("x<|eos|>", EncodeSettings.TextOnly));
        Assert.Equal([X, 258], tokenizer.Encode("x<|eos|>", EncodeSettings.TextOnly with { ParseSpecial = true }));
        Assert.Equal("x<user>b", tokenizer.Decode([X, 256, B]));
        Assert.Equal("x", tokenizer.Decode([X, 258])); // control tokens have no text
    }

    [Fact]
    public void Encode_BosAndEos_FollowSettingsAndVocabulary()
    {
        Vocabulary v = TinyByteLevel.Normal();
        var tokenizer = ByteLevelBpeTokenizer.Create(v, [], PreTokenizerKind.Gpt2);

        Assert.Equal([A], tokenizer.Encode("a"));
        Assert.Equal([256, A, 257], tokenizer.Encode("a", new EncodeSettings { AddBos = true, AddEos = true }));
    }

    [Fact]
    public void EndOfGenerationIds_NameTheTurnEnds()
    {
        // Ids from Meta's tokenizer.py and Qwen2's added_tokens.json (models README §4.2, §4.3).
        Assert.Equal([128001, 128008, 128009], ByteLevelTestTokenizers.Get("llama-bpe").EndOfGenerationIds.Order());
        Assert.Equal([151643, 151645], ByteLevelTestTokenizers.Get("qwen2").EndOfGenerationIds.Order());
        Assert.Equal([50256], ByteLevelTestTokenizers.Get("gpt-2").EndOfGenerationIds);
    }

    [Fact]
    public void Encode_Qwen2_NormalizesToNfc()
    {
        ByteLevelBpeTokenizer qwen = ByteLevelTestTokenizers.Get("qwen2");
        ByteLevelBpeTokenizer gpt2 = ByteLevelTestTokenizers.Get("gpt-2");

        Assert.Equal(qwen.Encode("caf\u00E9"), qwen.Encode("cafe\u0301"));
        Assert.NotEqual(gpt2.Encode("caf\u00E9"), gpt2.Encode("cafe\u0301"));
    }

    [Fact]
    public void Llama3_AddsBosByDefault_Qwen2AndGpt2DoNot()
    {
        Assert.Equal(128000, ByteLevelTestTokenizers.Get("llama-bpe").Encode("Hi")[0]);
        Assert.NotEqual(151643, ByteLevelTestTokenizers.Get("qwen2").Encode("Hi")[0]);
        Assert.Equal(ByteLevelTestTokenizers.Get("gpt-2").Encode("Hi", EncodeSettings.TextOnly), ByteLevelTestTokenizers.Get("gpt-2").Encode("Hi"));
    }
}
