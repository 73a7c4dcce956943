using System.Data.Common;
using System.Globalization;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore
{
    async Task IUsageStore.RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        (string sql, (string, object?)[] parameters) = UsageInsert(record);
        await ExecuteAsync(sql, cancellationToken, parameters).ConfigureAwait(false);
    }

    /// <summary>The statement that stores <paramref name="record"/>, for a connection of its own or a transaction (a batch item's result).</summary>
    private static (string Sql, (string Name, object? Value)[] Parameters) UsageInsert(UsageRecord record) =>
        ("""
            INSERT INTO usage_records (account_id, day, at, model, adapter, input_tokens, cached_tokens, output_tokens,
                neurons, overage_neurons, ttft_ms, duration_ms, status)
            VALUES (@account, @day, @at, @model, @adapter, @input, @cached, @output, @neurons, @overage, @ttft, @duration, @status)
            """,
        [
            ("@account", record.AccountId), ("@day", DayText(DateOnly.FromDateTime(record.At.UtcDateTime))), ("@at", Millis(record.At)),
            ("@model", record.Model), ("@adapter", record.Adapter),
            ("@input", (long)record.InputTokens), ("@cached", (long)record.CachedTokens), ("@output", (long)record.OutputTokens),
            ("@neurons", record.Neurons), ("@overage", record.OverageNeurons),
            ("@ttft", record.TimeToFirstTokenMs), ("@duration", record.DurationMs), ("@status", record.Status),
        ]);

    async Task<double> IUsageStore.NeuronsOnAsync(string accountId, DateOnly day, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT COALESCE(SUM(neurons), 0.0) FROM usage_records WHERE account_id = @account AND day = @day",
            row => row.GetDouble(0), cancellationToken, ("@account", accountId), ("@day", DayText(day))).ConfigureAwait(false)).Single();

    async Task<IReadOnlyList<UsageTotals>> IUsageStore.DailyAsync(string accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT day, model, COUNT(*), CAST(SUM(input_tokens) AS BIGINT), CAST(SUM(cached_tokens) AS BIGINT),
                CAST(SUM(output_tokens) AS BIGINT), SUM(neurons), SUM(overage_neurons)
            FROM usage_records
            WHERE account_id = @account AND day >= @from AND day <= @to
            GROUP BY day, model
            ORDER BY day, model
            """,
            ReadTotals, cancellationToken, ("@account", accountId), ("@from", DayText(from)), ("@to", DayText(to))).ConfigureAwait(false);

    private static UsageTotals ReadTotals(DbDataReader row) => new(
        DateOnly.ParseExact(row.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        row.GetString(1),
        row.GetInt64(2),
        row.GetInt64(3),
        row.GetInt64(4),
        row.GetInt64(5),
        row.GetDouble(6),
        row.GetDouble(7));
}
