namespace Augur.Models.Tokenizers.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void DecodeEncode_LlamaCppVectorTexts_GivesTextBack()
    {
        SentencePieceBpeTokenizer tokenizer = TestTokenizers.Llama2;
        foreach ((string text, _) in TestTokenizers.LlamaSpmCases)
        {
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text, EncodeSettings.TextOnly)));
        }
    }

    [Fact]
    public void DecodeEncode_RandomUnicode_GivesTextBack()
    {
        var random = new Random(20240611);
        foreach (SentencePieceBpeTokenizer tokenizer in new[] { TestTokenizers.Llama2, TestTokenizers.Tok512 })
        {
            for (int i = 0; i < 300; i++)
            {
                string text = RandomText.Next(random, 40);
                int[] ids = tokenizer.Encode(text);

                Assert.Equal(text, tokenizer.Decode(ids));
            }
        }
    }

    [Fact]
    public void Decode_Tok512GreedyIds_MatchesRunCOutput()
    {
        // run.c printed these texts from these ids (models README §1): BOS first, its piece's space dropped.
        string[] cases =
        [
            "stories260K/expected/greedy_prompt-empty_n256",
            "llama2xs-tok512-279K/expected/greedy_prompt-empty_n256",
        ];
        foreach (string name in cases)
        {
            string expected = File.ReadAllText(Augur.Tests.Common.TestModels.Shared($"models/{name}.txt"));
            int[] generated = File.ReadAllText(Augur.Tests.Common.TestModels.Shared($"models/{name}_ids.txt"))
                .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

            Assert.Equal(expected, TestTokenizers.Tok512.Decode([1, .. generated]));
        }
    }
}
