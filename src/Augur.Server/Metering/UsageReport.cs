namespace Augur.Server.Metering;

/// <summary><c>GET …/ai/usage</c>'s result: an account's plan, and its usage by UTC day and model.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Plan"><c>free</c> or <c>paid</c>.</param>
/// <param name="DailyFreeNeurons">The free neurons of each day.</param>
/// <param name="From">First day reported.</param>
/// <param name="To">Last day reported.</param>
/// <param name="Days">The days with usage, oldest first.</param>
public sealed record UsageReport(string AccountId, string Plan, double DailyFreeNeurons, DateOnly From, DateOnly To, IReadOnlyList<UsageDay> Days);

/// <summary>One UTC day: its totals (requests, tokens, neurons, overage), what is left of its free allocation (0 once used up), and its models.</summary>
public sealed record UsageDay(
    DateOnly Date,
    long Requests,
    long InputTokens,
    long CachedTokens,
    long OutputTokens,
    double Neurons,
    double OverageNeurons,
    double FreeNeuronsRemaining,
    IReadOnlyList<UsageByModel> Models);

/// <summary>One model's usage on one day.</summary>
public sealed record UsageByModel(
    string Model,
    long Requests,
    long InputTokens,
    long CachedTokens,
    long OutputTokens,
    double Neurons,
    double OverageNeurons);
