using System.Globalization;
using Augur.Server.Accounts;
using Augur.Server.Errors;
using Augur.Server.Json;
using Augur.Server.Metering;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Apis;

/// <summary>
/// <c>GET …/ai/usage[?from=YYYY-MM-DD&amp;to=YYYY-MM-DD]</c>: the account's usage by UTC day and model, in the v4
/// envelope. Default: the 30 days up to today; at most 366 days. The group's filter has already checked the account.
/// </summary>
internal static class UsageApi
{
    private const int DefaultDays = 30;
    private const int MaxDays = 366;

    public static IEndpointRouteBuilder MapUsage(this IEndpointRouteBuilder ai)
    {
        ai.MapGet("/usage", Report);
        return ai;
    }

    private static async Task<IResult> Report([FromRoute(Name = ApiAuthFilter.AccountRouteValue)] string accountId, HttpRequest request, IAugurStore store, UsageMeter meter, TimeProvider time)
    {
        DateOnly today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        DateOnly to = Day(request.Query["to"], "to") ?? today;
        DateOnly from = Day(request.Query["from"], "from") ?? to.AddDays(1 - DefaultDays);
        if (from > to || to.DayNumber - from.DayNumber >= MaxDays)
            throw ApiException.BadInput($"from and to must be in order and at most {MaxDays} days apart.");

        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        Allowance allowance = await meter.AllowanceAsync(accountId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<UsageTotals> totals = await store.Usage.DailyAsync(accountId, from, to, cancellationToken).ConfigureAwait(false);
        List<UsageDay> days = [.. totals.GroupBy(t => t.Day).Select(day => new UsageDay(
            day.Key,
            day.Sum(t => t.Requests),
            day.Sum(t => t.InputTokens),
            day.Sum(t => t.CachedTokens),
            day.Sum(t => t.OutputTokens),
            day.Sum(t => t.Neurons),
            day.Sum(t => t.OverageNeurons),
            Math.Max(0, allowance.DailyFreeNeurons - day.Sum(t => t.Neurons)),
            [.. day.Select(t => new UsageByModel(t.Model, t.Requests, t.InputTokens, t.CachedTokens, t.OutputTokens, t.Neurons, t.OverageNeurons))]))];
        var report = new UsageReport(accountId, allowance.Plan, allowance.DailyFreeNeurons, from, to, days);
        return TypedResults.Json(Envelope<UsageReport>.Ok(report), AccountsJsonContext.Relaxed.EnvelopeUsageReport);
    }

    private static DateOnly? Day(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day)
            ? day
            : throw ApiException.BadInput($"{name} must be a date as YYYY-MM-DD.");
    }
}
