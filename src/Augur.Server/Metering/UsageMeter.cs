using System.Runtime.CompilerServices;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Augur.Server.Storage;
using Microsoft.Extensions.Logging;

namespace Augur.Server.Metering;

/// <summary>An account's plan and its free neurons per UTC day.</summary>
public sealed record Allowance(string Plan, double DailyFreeNeurons);

/// <summary>
/// Meters generations: refuses a request with 3036 when a <c>free</c> account has used its day's allocation, and
/// records every generation (tokens, neurons, overage, timings, status) when it ends, however it ends.
/// </summary>
internal sealed class UsageMeter(IAugurStore store, AugurServerOptions options, TimeProvider time, ILogger<UsageMeter> logger)
{
    private readonly MeteringOptions _metering = options.Metering;

    /// <summary>The plan and allocation of <paramref name="accountId"/>; accounts the store does not hold take the default plan.</summary>
    public async Task<Allowance> AllowanceAsync(string accountId, CancellationToken cancellationToken)
    {
        Account? account = await store.Accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
        string plan = account?.Plan ?? _metering.DefaultPlan;
        double daily = account?.DailyFreeNeurons ?? (plan == AccountPlans.Paid ? _metering.PaidDailyNeurons : _metering.FreeDailyNeurons);
        return new Allowance(plan, daily);
    }

    /// <summary>Throws 3036 (and records the refusal) when <paramref name="accountId"/> is on the free plan and has used up today's allocation.</summary>
    public async Task EnsureAllowedAsync(string accountId, CatalogEntry entry, CancellationToken cancellationToken)
    {
        Allowance allowance = await AllowanceAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (allowance.Plan != AccountPlans.Free)
            return;
        DateTimeOffset now = time.GetUtcNow();
        double used = await store.Usage.NeuronsOnAsync(accountId, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken).ConfigureAwait(false);
        if (used < allowance.DailyFreeNeurons)
            return;
        await store.Usage.RecordAsync(new UsageRecord(accountId, now, entry.Name, null, 0, 0, 0, 0, 0, null, 0, UsageStatus.Limited), cancellationToken).ConfigureAwait(false);
        throw new ApiException(MeteringErrors.DailyAllocationUsedUp, MeteringErrors.Message(allowance.DailyFreeNeurons));
    }

    /// <summary>
    /// Passes <paramref name="events"/> through and records the generation as it ends: from its completion event, or,
    /// when the consumer stops early (a client gone), from the prompt and the tokens seen so far.
    /// </summary>
    public async IAsyncEnumerable<GenerationEvent> MeterAsync(
        string accountId, CatalogEntry entry, int promptTokens, IAsyncEnumerable<GenerationEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long started = time.GetTimestamp();
        double? firstToken = null;
        int outputTokens = 0;
        bool recorded = false;
        try
        {
            await foreach (GenerationEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (e is GenerationDelta delta)
                {
                    outputTokens += delta.Tokens.Count;
                    firstToken ??= time.GetElapsedTime(started).TotalMilliseconds;
                }
                else if (e is GenerationCompleted completed)
                {
                    GenerationUsage usage = completed.Usage;
                    string status = completed.FinishReason switch
                    {
                        FinishReason.Error => UsageStatus.Error,
                        FinishReason.Cancelled => UsageStatus.Cancelled,
                        _ => UsageStatus.Success,
                    };
                    recorded = true;
                    await RecordAsync(accountId, entry, usage.PromptTokens, usage.CachedPromptTokens, usage.CompletionTokens, firstToken, started, status).ConfigureAwait(false);
                }
                yield return e;
            }
        }
        finally
        {
            if (!recorded)
                await RecordAsync(accountId, entry, promptTokens, 0, outputTokens, firstToken, started, UsageStatus.Cancelled).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(string accountId, CatalogEntry entry, int input, int cached, int output, double? firstToken, long started, string status)
    {
        try
        {
            UsageRecord record = await PriceAsync(accountId, entry, input, cached, output, firstToken, time.GetElapsedTime(started).TotalMilliseconds, status).ConfigureAwait(false);
            await store.Usage.RecordAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed write must not fail the answer already being sent; it is logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Could not record the usage of account {Account} on {Model}", accountId, entry.Name);
        }
    }

    /// <summary>
    /// The usage record of a generation that ended now: its neurons, and on the paid plan the part past today's free
    /// allocation. Not stored: <see cref="MeterAsync"/> stores it; the batch runner stores it with the item's result.
    /// </summary>
    public async Task<UsageRecord> PriceAsync(string accountId, CatalogEntry entry, int input, int cached, int output, double? firstTokenMs, double durationMs, string status)
    {
        double neurons = NeuronPricing.Neurons(entry, input, cached, output, _metering.CachedInputDiscount);
        DateTimeOffset now = time.GetUtcNow();
        double overage = 0;
        Allowance allowance = await AllowanceAsync(accountId, CancellationToken.None).ConfigureAwait(false);
        if (allowance.Plan == AccountPlans.Paid && neurons > 0)
        {
            double before = await store.Usage.NeuronsOnAsync(accountId, DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None).ConfigureAwait(false);
            overage = Math.Clamp(before + neurons - allowance.DailyFreeNeurons, 0, neurons);
        }
        return new UsageRecord(accountId, now, entry.Name, null, input, cached, output, neurons, overage, firstTokenMs, durationMs, status);
    }
}
