using Augur.Models.Tokenizers;

namespace Augur.Engine.Speculative.Tests;

public sealed class DraftVocabularyTests
{
    private static Vocabulary Make(string[] pieces, TokenKind[]? kinds = null, int eos = 2) =>
        Vocabulary.Create(pieces, new float[pieces.Length], kinds ?? pieces.Select(_ => TokenKind.Normal).ToArray(),
            new VocabularyOptions { Bos = new TokenId(1), Eos = new TokenId(eos), Unk = new TokenId(0) });

    [Fact]
    public void FindDifference_NamesTheFirstTokenThatDiffers()
    {
        Vocabulary target = Make(["<unk>", "<s>", "</s>", "a", "b"]);
        Assert.Null(DraftVocabulary.FindDifference(target, Make(["<unk>", "<s>", "</s>", "a", "b"])));
        Assert.Equal("token 4 is 'b' in the target and 'c' in the draft", DraftVocabulary.FindDifference(target, Make(["<unk>", "<s>", "</s>", "a", "c"])));
        Assert.Contains("BOS/EOS differ", DraftVocabulary.FindDifference(target, Make(["<unk>", "<s>", "</s>", "a", "b"], eos: 3)));
        Assert.Contains("token 3 ('a') is Normal in the target and Control in the draft",
            DraftVocabulary.FindDifference(target, Make(["<unk>", "<s>", "</s>", "a", "b"], [TokenKind.Normal, TokenKind.Normal, TokenKind.Normal, TokenKind.Control, TokenKind.Normal])));
    }
}
