using Augur.Models.Tokenizers;

namespace Augur.Bench.Serving;

/// <summary>
/// Seeded pseudo-random token ids from a vocabulary's ordinary entries (those <see cref="BenchmarkPrompt.IsEligible"/>
/// allows), for prompts, prefixes and user messages: the same seed gives the same sequence of draws.
/// </summary>
public sealed class PromptTokens
{
    private readonly int[] _eligible;
    private readonly Random _random;

    /// <exception cref="ArgumentException">The vocabulary has no ordinary entry.</exception>
    public PromptTokens(Vocabulary vocabulary, int seed)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = new List<int>(vocabulary.Count);
        for (int id = 0; id < vocabulary.Count; id++)
        {
            if (BenchmarkPrompt.IsEligible(vocabulary.GetKind(new TokenId(id))))
                ids.Add(id);
        }
        if (ids.Count == 0)
            throw new ArgumentException("The vocabulary has no ordinary tokens to build a prompt from.", nameof(vocabulary));
        _eligible = [.. ids];
        _random = new Random(seed);
    }

    /// <summary>The next <paramref name="count"/> ids.</summary>
    public int[] Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var tokens = new int[count];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = _eligible[_random.Next(_eligible.Length)];
        return tokens;
    }
}
