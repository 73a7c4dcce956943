using Augur.Server.Storage;

namespace Augur.Server.Metering;

/// <summary>
/// Pricing and allocation settings, the <c>Augur:Metering</c> section. Catalog prices (USD per million tokens) are
/// charged in neurons at <see cref="NeuronPricing.UsdPerNeuron"/>; allocations reset at 00:00 UTC.
/// </summary>
public sealed record MeteringOptions
{
    /// <summary>Neurons a day free on the <c>free</c> plan; once used up, requests get 3036. Default 10,000.</summary>
    public double FreeDailyNeurons { get; init; } = 10_000;

    /// <summary>Neurons a day included on the <c>paid</c> plan; usage past it is recorded as overage. Default 10,000.</summary>
    public double PaidDailyNeurons { get; init; } = 10_000;

    /// <summary>Fraction taken off the input price of prompt tokens served from the prefix cache, in [0, 1]. Default 0.5.</summary>
    public decimal CachedInputDiscount { get; init; } = 0.5m;

    /// <summary>The plan of accounts the store does not hold (those of configured tokens): <c>free</c> (default) or <c>paid</c>.</summary>
    public string DefaultPlan { get; init; } = AccountPlans.Free;
}
