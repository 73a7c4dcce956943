using Augur.Server.Catalog;

namespace Augur.Server.Metering.Tests;

public sealed class NeuronPricingTests
{
    /// <summary>Workers AI's pricing page (Feb–Mar 2025): USD per M tokens and the neurons it lists for the same price.</summary>
    [Theory]
    [InlineData(0.027, 2457)]
    [InlineData(0.201, 18252)]
    [InlineData(0.293, 26668)]
    [InlineData(2.253, 204805)]
    [InlineData(0.110, 10000)]
    public void NeuronsPerMillion_MatchesThePublishedTable(double usd, double neurons)
    {
        decimal ours = NeuronPricing.NeuronsPerMillion((decimal)usd);

        // The table's USD figures are rounded to $0.001, so the neurons agree within half of that.
        Assert.InRange((double)ours, neurons - 0.0005 / 0.000011, neurons + 0.0005 / 0.000011);
    }

    [Fact]
    public void Neurons_PricesCachedInputAtTheDiscount()
    {
        CatalogEntry entry = Entry(input: 11_000m, output: 22_000m); // $0.011 and $0.022 a token: 1,000 and 2,000 neurons

        Assert.Equal(10 * 1000 + 4 * 2000, NeuronPricing.Neurons(entry, 10, 0, 4, 0.5m), 9);
        Assert.Equal(6 * 1000 + 4 * 500 + 4 * 2000, NeuronPricing.Neurons(entry, 10, 4, 4, 0.5m), 9);
        Assert.Equal(6 * 1000 + 4 * 2000, NeuronPricing.Neurons(entry, 10, 4, 4, 1m), 9);
        Assert.Equal(0, NeuronPricing.Neurons(Entry(0, 0), 100, 10, 100, 0.5m));
    }

    private static CatalogEntry Entry(decimal input, decimal output) => new()
    {
        Name = "@cf/test/priced",
        File = "unused",
        Description = "",
        InputSchemaJson = "{}",
        InputSchema = global::Json.Schema.JsonSchema.FromText("{}"),
        PriceInputPerMillion = input,
        PriceOutputPerMillion = output,
    };
}
