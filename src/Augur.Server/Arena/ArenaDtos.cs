namespace Augur.Server.Arena;

/// <summary>A variant the page offers.</summary>
internal sealed record ArenaVariantView(string Id, string Label);

/// <summary>Start a battle: two variants (ids), the prompt, and how long the answers may be.</summary>
internal sealed record ArenaBattleRequest(string VariantA, string VariantB, string Prompt, int? MaxTokens);

/// <summary>A battle's two answers, blind: which variant wrote which stays on the server until the vote.</summary>
internal sealed record ArenaBattleView(string Id, string AnswerA, string AnswerB);

internal sealed record ArenaVoteRequest(string Outcome);

/// <summary>After a vote: who A and B were, and the new leaderboard.</summary>
internal sealed record ArenaVoteResult(string VariantA, string VariantB, ArenaLeaderboard Leaderboard);

/// <summary>The account's ratings and pair records.</summary>
internal sealed record ArenaLeaderboard(int Votes, IReadOnlyList<ArenaRating> Ratings, IReadOnlyList<ArenaPairRecord> Pairs);

/// <summary>Run a prompt set through two variants under greedy decoding.</summary>
internal sealed record ArenaAutoRequest(string VariantA, string VariantB, IReadOnlyList<string> Prompts, int? MaxTokens);

/// <summary>One prompt of an automated run: whether the greedy token sequences matched, and each side's mean log-probability per token.</summary>
internal sealed record ArenaAutoRow(string Prompt, bool ExactMatch, int TokensA, int TokensB, double MeanLogprobA, double MeanLogprobB, int SharedPrefixTokens);

/// <summary>
/// An automated run: the share of prompts whose greedy outputs were identical, each variant's mean per-token
/// log-probability over its own output, and the mean per-token difference (A − B) over the tokens both produced alike
/// (the shared prefix), where the two score the very same token.
/// </summary>
internal sealed record ArenaAutoReport(
    string VariantA,
    string VariantB,
    int Prompts,
    double ExactMatchRate,
    double MeanLogprobA,
    double MeanLogprobB,
    double MeanLogprobDifference,
    int ComparedTokens,
    IReadOnlyList<ArenaAutoRow> Rows);
