using Augur.Engine;
using Augur.Engine.Metrics;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Augur.Server.Metering;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Dashboard;

/// <summary>
/// The JSON the dashboard's scripts read, under <see cref="DashboardSetup.ApiPrefix"/>, for the signed-in account only:
/// <c>GET usage?days=N</c> (the Overview's charts) and <c>GET engine</c> (live figures of every model). Posts elsewhere
/// pass through <see cref="RequireAntiforgery"/>.
/// </summary>
internal static class DashboardApi
{
    private const int DefaultDays = 14;

    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup(DashboardSetup.ApiPrefix).RequireAuthorization();
        api.MapGet("/usage", Usage);
        api.MapGet("/engine", (ModelHost host) => TypedResults.Json(Figures(host), DashboardJson.Default.IReadOnlyListEngineFigures));
    }

    /// <summary>A group whose posts must carry the page's antiforgery token (header <c>X-CSRF-TOKEN</c>); a failure is 400, an <see cref="ApiException"/> a JSON error.</summary>
    public static RouteGroupBuilder RequireAntiforgery(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            HttpContext http = context.HttpContext;
            IAntiforgery antiforgery = http.RequestServices.GetService(typeof(IAntiforgery)) as IAntiforgery ?? throw new InvalidOperationException("No antiforgery.");
            if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
                return TypedResults.Json(new DashboardError("The page is stale: reload it."), DashboardJson.Default.DashboardError, statusCode: StatusCodes.Status400BadRequest);
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (ApiException e) when (!http.Response.HasStarted)
            {
                return TypedResults.Json(new DashboardError(e.Message), DashboardJson.Default.DashboardError, statusCode: e.Error.Status);
            }
        });
        return group;
    }

    /// <summary>A JSON body as <paramref name="type"/>; 3003 when it is missing or malformed.</summary>
    public static async Task<T> ReadAsync<T>(HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return await System.Text.Json.JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted).ConfigureAwait(false)
                ?? throw ApiException.BadInput("The body is empty.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiException.BadInput($"The body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Every engine's latest statistics, in catalog order.</summary>
    public static List<EngineFigures> Figures(ModelHost host)
    {
        var figures = new List<EngineFigures>();
        foreach (CatalogEntry entry in host.Catalog.Entries)
        {
            AugurEngine engine = host.Engine(entry);
            EngineStatistics s = engine.Statistics;
            LatencySummary ttft = engine.TimeToFirstToken;
            figures.Add(new EngineFigures(entry.Name, s.RunningSequences, s.WaitingSequences, s.KvBlocksUsed, s.KvBlocksTotal, s.KvBlocksCached,
                s.PrefixHitRate, s.PrefillTokensPerSecond, s.DecodeTokensPerSecond, s.PrefillTokens, s.DecodeTokens, s.Steps, s.Preemptions,
                s.DraftAcceptanceRate, s.DraftedTokens, ttft.Count, ttft.P50Seconds * 1000, ttft.P95Seconds * 1000));
        }
        return figures;
    }

    private static async Task<IResult> Usage(HttpContext http, IAugurStore store, TimeProvider time, int? days)
    {
        int span = Math.Clamp(days ?? DefaultDays, 1, 366);
        DateOnly to = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), from = to.AddDays(1 - span);
        IReadOnlyList<UsageTotals> totals = await store.Usage.DailyAsync(DashboardSession.AccountId(http), from, to, http.RequestAborted).ConfigureAwait(false);
        var series = new UsageSeries(
            [.. Enumerable.Range(0, span).Select(i => Iso(from.AddDays(i)))],
            [.. totals.Select(t => t.Model).Distinct().Order(StringComparer.Ordinal)],
            [.. totals.Select(t => new UsagePoint(Iso(t.Day), t.Model, t.Requests, t.InputTokens, t.CachedTokens, t.OutputTokens, t.Neurons,
                (double)((decimal)t.Neurons * NeuronPricing.UsdPerNeuron)))]);
        return TypedResults.Json(series, DashboardJson.Default.UsageSeries);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
