using Augur.Models.Tokenizers;

namespace Augur.Bench;

/// <summary>
/// The token ids both engines evaluate: a prompt and the first token decoded after it. The ids are drawn uniformly
/// (seeded) from the vocabulary's ordinary entries: control, unknown and unused entries are left out, so no engine
/// meets a token it treats specially.
/// </summary>
public sealed class BenchmarkPrompt
{
    private readonly int[] _tokens;

    private BenchmarkPrompt(int[] tokens, int firstDecodeToken)
    {
        _tokens = tokens;
        FirstDecodeToken = firstDecodeToken;
    }

    /// <summary>The prompt's token ids.</summary>
    public ReadOnlySpan<int> Tokens => _tokens;

    /// <summary>Tokens in the prompt.</summary>
    public int Length => _tokens.Length;

    /// <summary>The token evaluated first when decoding, right after the prompt.</summary>
    public int FirstDecodeToken { get; }

    /// <summary>The same arguments give the same ids.</summary>
    public static BenchmarkPrompt Create(Vocabulary vocabulary, int promptTokens, int seed)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        int[] eligible = EligibleIds(vocabulary);
        if (eligible.Length == 0)
            throw new ArgumentException("The vocabulary has no ordinary tokens to build a prompt from.", nameof(vocabulary));

        var random = new Random(seed);
        var tokens = new int[promptTokens];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = eligible[random.Next(eligible.Length)];
        return new BenchmarkPrompt(tokens, eligible[random.Next(eligible.Length)]);
    }

    /// <summary>
    /// <paramref name="count"/> prompts of <paramref name="promptTokens"/> tokens for the batched test, the i-th made
    /// by <see cref="Create"/> with seed <paramref name="seed"/> + 1 + i (so none equals the batch-1 prompt of
    /// <paramref name="seed"/>).
    /// </summary>
    public static IReadOnlyList<BenchmarkPrompt> CreateBatch(Vocabulary vocabulary, int count, int promptTokens, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var prompts = new BenchmarkPrompt[count];
        for (int i = 0; i < count; i++)
            prompts[i] = Create(vocabulary, promptTokens, unchecked(seed + 1 + i));
        return prompts;
    }

    /// <summary>Whether a prompt may contain a token of this kind.</summary>
    public static bool IsEligible(TokenKind kind) => kind is not (TokenKind.Control or TokenKind.Unknown or TokenKind.Unused);

    private static int[] EligibleIds(Vocabulary vocabulary)
    {
        var ids = new List<int>(vocabulary.Count);
        for (int id = 0; id < vocabulary.Count; id++)
        {
            if (IsEligible(vocabulary.GetKind(new TokenId(id))))
                ids.Add(id);
        }
        return [.. ids];
    }
}
