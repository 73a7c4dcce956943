using Augur.Server.Catalog;

namespace Augur.Server.Metering;

/// <summary>Turns token counts into neurons: the catalog's USD per million tokens, at $0.011 per 1,000 neurons.</summary>
public static class NeuronPricing
{
    /// <summary>USD per neuron: $0.011 per 1,000 neurons (Workers AI's price).</summary>
    public const decimal UsdPerNeuron = 0.011m / 1000m;

    /// <summary>Neurons per million tokens at <paramref name="usdPerMillion"/>.</summary>
    public static decimal NeuronsPerMillion(decimal usdPerMillion) => usdPerMillion / UsdPerNeuron;

    /// <summary>
    /// What a request costs in neurons: uncached input at the input price, cached input at the input price less
    /// <paramref name="cachedDiscount"/> (a fraction in [0, 1]), output at the output price.
    /// </summary>
    public static double Neurons(CatalogEntry entry, int inputTokens, int cachedTokens, int outputTokens, decimal cachedDiscount)
    {
        ArgumentNullException.ThrowIfNull(entry);
        decimal input = entry.PriceInputPerMillion;
        decimal usd = ((inputTokens - cachedTokens) * input + cachedTokens * input * (1 - cachedDiscount) + outputTokens * entry.PriceOutputPerMillion) / 1_000_000m;
        return (double)(usd / UsdPerNeuron);
    }
}
