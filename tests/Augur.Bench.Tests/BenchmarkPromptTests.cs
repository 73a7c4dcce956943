using Augur.Models.Tokenizers;

namespace Augur.Bench.Tests;

public class BenchmarkPromptTests(TinyEnginesFixture fixture) : IClassFixture<TinyEnginesFixture>
{
    private Vocabulary Vocabulary => fixture.Ours.Vocabulary;

    [Fact]
    public void The_same_seed_gives_the_same_tokens_and_another_seed_others()
    {
        BenchmarkPrompt a = BenchmarkPrompt.Create(Vocabulary, 64, seed: 7);
        BenchmarkPrompt b = BenchmarkPrompt.Create(Vocabulary, 64, seed: 7);
        BenchmarkPrompt c = BenchmarkPrompt.Create(Vocabulary, 64, seed: 8);

        Assert.Equal(a.Tokens.ToArray(), b.Tokens.ToArray());
        Assert.Equal(a.FirstDecodeToken, b.FirstDecodeToken);
        Assert.NotEqual(a.Tokens.ToArray(), c.Tokens.ToArray());
    }

    [Fact]
    public void Tokens_are_in_the_vocabulary_and_never_control_unknown_or_unused()
    {
        BenchmarkPrompt prompt = BenchmarkPrompt.Create(Vocabulary, 2000, seed: 3);

        Assert.Equal(2000, prompt.Length);
        foreach (int id in prompt.Tokens.ToArray().Append(prompt.FirstDecodeToken))
        {
            Assert.InRange(id, 0, Vocabulary.Count - 1);
            Assert.DoesNotContain(Vocabulary.GetKind(new TokenId(id)), new[] { TokenKind.Control, TokenKind.Unknown, TokenKind.Unused });
        }
        Assert.DoesNotContain(Vocabulary.Bos.Value, prompt.Tokens.ToArray());
        Assert.DoesNotContain(Vocabulary.Eos.Value, prompt.Tokens.ToArray());
    }

    [Fact]
    public void Tokens_spread_over_the_vocabulary()
    {
        int[] tokens = BenchmarkPrompt.Create(Vocabulary, 2000, seed: 5).Tokens.ToArray();

        // Uniform draws from ~32000 ids: 2000 of them are almost all distinct and reach both ends of the range.
        Assert.True(tokens.Distinct().Count() > 1900);
        Assert.Contains(tokens, t => t < Vocabulary.Count / 4);
        Assert.Contains(tokens, t => t > Vocabulary.Count * 3 / 4);
    }

    [Theory]
    [InlineData(TokenKind.Normal, true)]
    [InlineData(TokenKind.Byte, true)]
    [InlineData(TokenKind.UserDefined, true)]
    [InlineData(TokenKind.Control, false)]
    [InlineData(TokenKind.Unknown, false)]
    [InlineData(TokenKind.Unused, false)]
    public void Only_ordinary_kinds_are_eligible(TokenKind kind, bool eligible)
    {
        Assert.Equal(eligible, BenchmarkPrompt.IsEligible(kind));
    }
}
