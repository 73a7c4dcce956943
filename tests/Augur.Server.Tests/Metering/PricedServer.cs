using System.Globalization;
using Augur.Tests.Common;

namespace Augur.Server.Metering.Tests;

/// <summary>
/// A real server whose only model is stories260K under a catalog name with round prices: $11,000 per M input tokens
/// and $22,000 per M output tokens, that is 1,000 and 2,000 neurons a token at $0.011 per 1,000 neurons.
/// </summary>
internal static class PricedServer
{
    public const string Model = "@cf/test/priced";
    public const decimal InputUsdPerMillion = 11_000m;
    public const decimal OutputUsdPerMillion = 22_000m;
    public const string AdminToken = "admin-token-0123456789abcdef";

    /// <summary>Neurons by the published rule, worked out here from the prices: USD / $0.000011.</summary>
    public static double ExpectedNeurons(int input, int cached, int output, decimal discount = 0.5m) =>
        (double)(((input - cached) * InputUsdPerMillion + cached * InputUsdPerMillion * (1 - discount) + output * OutputUsdPerMillion) / 1_000_000m / 0.000011m);

    public static async Task<(AugurTestServer Server, TempDirectory Models)> StartAsync(TimeProvider clock, Action<Dictionary<string, string?>>? configure = null)
    {
        var models = new TempDirectory(); // an empty model folder: the priced entry is the catalog
        AugurTestServer server = await AugurTestServer.StartAsync(s =>
        {
            s["Augur:ModelDirectories:0"] = models.Path;
            s["Augur:Models:0:Name"] = Model;
            s["Augur:Models:0:File"] = TestModels.Stories260KBin;
            s["Augur:Models:0:Tokenizer"] = TestModels.Tok512Bin;
            s["Augur:Models:0:PriceInputPerMillion"] = InputUsdPerMillion.ToString(CultureInfo.InvariantCulture);
            s["Augur:Models:0:PriceOutputPerMillion"] = OutputUsdPerMillion.ToString(CultureInfo.InvariantCulture);
            s["Augur:AdminToken"] = AdminToken;
            configure?.Invoke(s);
        }, clock);
        return (server, models);
    }
}
