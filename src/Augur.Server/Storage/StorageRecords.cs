namespace Augur.Server.Storage;

/// <summary>The plans an account can be on.</summary>
public static class AccountPlans
{
    /// <summary>The daily free allocation only; past it, requests get 3036.</summary>
    public const string Free = "free";

    /// <summary>The daily free allocation, then overage, billed at the neuron price.</summary>
    public const string Paid = "paid";

    /// <summary>True for <see cref="Free"/> and <see cref="Paid"/>.</summary>
    public static bool IsValid(string? plan) => plan is Free or Paid;
}

/// <summary>An account: its id (the <c>{account_id}</c> of the routes), plan and daily allocation.</summary>
/// <param name="Id">1 to 64 letters, digits, '-' or '_'.</param>
/// <param name="Plan"><see cref="AccountPlans.Free"/> or <see cref="AccountPlans.Paid"/>.</param>
/// <param name="DailyFreeNeurons">This account's free neurons per UTC day; null takes the plan's default.</param>
/// <param name="CreatedAt">When it was created (UTC, millisecond precision once stored).</param>
public sealed record Account(string Id, string Plan, double? DailyFreeNeurons, DateTimeOffset CreatedAt);

/// <summary>A stored API token: never its secret, only the SHA-256 of the whole token string.</summary>
/// <param name="Id">The public part of the token (16 hex digits), used to look it up and to revoke it.</param>
/// <param name="AccountId">The one account the token acts for.</param>
/// <param name="Name">A name for lists and logs.</param>
/// <param name="Sha256">SHA-256 of the token's UTF-8 bytes (32 bytes).</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="RevokedAt">When it was revoked; null while it is valid.</param>
public sealed record StoredToken(string Id, string AccountId, string Name, byte[] Sha256, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One metered request.</summary>
/// <param name="AccountId">Who made it.</param>
/// <param name="At">When it finished (UTC); its day (UTC) is the day it counts for.</param>
/// <param name="Model">The catalog name.</param>
/// <param name="Adapter">The LoRA adapter, or null.</param>
/// <param name="InputTokens">Prompt tokens, cached ones included.</param>
/// <param name="CachedTokens">Prompt tokens served from the prefix cache.</param>
/// <param name="OutputTokens">Generated tokens.</param>
/// <param name="Neurons">What it cost, in neurons.</param>
/// <param name="OverageNeurons">The part of <paramref name="Neurons"/> past the day's free allocation (paid plan).</param>
/// <param name="TimeToFirstTokenMs">Milliseconds to the first piece of text; null when none came.</param>
/// <param name="DurationMs">Milliseconds from submission to the end.</param>
/// <param name="Status">See <see cref="UsageStatus"/>.</param>
public sealed record UsageRecord(
    string AccountId,
    DateTimeOffset At,
    string Model,
    string? Adapter,
    int InputTokens,
    int CachedTokens,
    int OutputTokens,
    double Neurons,
    double OverageNeurons,
    double? TimeToFirstTokenMs,
    double DurationMs,
    string Status);

/// <summary>The values of <see cref="UsageRecord.Status"/>.</summary>
public static class UsageStatus
{
    /// <summary>Finished (a stop or the token limit).</summary>
    public const string Success = "success";

    /// <summary>The client went away before the end.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The engine failed.</summary>
    public const string Error = "error";

    /// <summary>Refused with 3036: the daily free allocation was used up.</summary>
    public const string Limited = "limited";
}

/// <summary>The usage of one account, one UTC day and one model, summed.</summary>
public sealed record UsageTotals(
    DateOnly Day,
    string Model,
    long Requests,
    long InputTokens,
    long CachedTokens,
    long OutputTokens,
    double Neurons,
    double OverageNeurons);

/// <summary>One blind comparison: a prompt answered by two variants, shown as A and B, and the vote when it came.</summary>
/// <param name="Id">A random id (32 hex digits).</param>
/// <param name="AccountId">Whose battle it is.</param>
/// <param name="CreatedAt">When the answers were generated.</param>
/// <param name="Prompt">What both variants answered.</param>
/// <param name="VariantA">The variant shown as "A" (see the dashboard's arena variants).</param>
/// <param name="VariantB">The variant shown as "B".</param>
/// <param name="Outcome">One of <see cref="ArenaOutcomes"/>; null before the vote.</param>
/// <param name="VotedAt">When the vote came; null before.</param>
public sealed record ArenaBattle(string Id, string AccountId, DateTimeOffset CreatedAt, string Prompt, string VariantA, string VariantB, string? Outcome, DateTimeOffset? VotedAt);

/// <summary>The votes of the arena.</summary>
public static class ArenaOutcomes
{
    /// <summary>A is better.</summary>
    public const string A = "a";

    /// <summary>B is better.</summary>
    public const string B = "b";

    /// <summary>Equally good.</summary>
    public const string Tie = "tie";

    /// <summary>Neither is good (counted as a tie by the ratings).</summary>
    public const string BothBad = "both_bad";

    /// <summary>True for the four outcomes above.</summary>
    public static bool IsValid(string? outcome) => outcome is A or B or Tie or BothBad;
}
