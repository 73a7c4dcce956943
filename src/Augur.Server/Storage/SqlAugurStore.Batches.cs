using System.Data.Common;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore
{
    private const string Claimable = "(state = 'pending' OR (state = 'leased' AND lease_expires < @now))";

    private const string SummarySelect = """
        SELECT b.id, b.account_id, b.model, b.kind, b.options, b.created_at, b.completed_at, b.cancelled_at,
            COUNT(i.item_index),
            CAST(COALESCE(SUM(CASE WHEN i.attempts > 0 OR i.state = 'done' THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN i.state = 'done' AND i.success = 1 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN i.state = 'done' AND i.success = 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN i.state = 'cancelled' THEN 1 ELSE 0 END), 0) AS BIGINT)
        FROM batches b LEFT JOIN batch_items i ON i.batch_id = b.id
        """;

    private const string SummaryGroup = "GROUP BY b.id, b.account_id, b.model, b.kind, b.options, b.created_at, b.completed_at, b.cancelled_at";

    public IBatchStore Batches => this;

    /// <summary>What ends the claim's inner SELECT: PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>; nothing where one writer runs at a time.</summary>
    protected virtual string ClaimLocking => "";

    async Task IBatchStore.CreateAsync(NewBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await InTransactionAsync(async (connection, transaction) =>
        {
            long created = Millis(batch.CreatedAt);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO batches (id, account_id, model, kind, options, created_at, updated_at, completed_at) VALUES (@id, @account, @model, @kind, @options, @created, @created, @completed)",
                cancellationToken, ("@id", batch.Id), ("@account", batch.AccountId), ("@model", batch.Model), ("@kind", batch.Kind),
                ("@options", batch.Options), ("@created", created), ("@completed", batch.Items.Count == 0 ? created : (long?)null)).ConfigureAwait(false);
            await using DbCommand insert = Command(connection,
                """
                INSERT INTO batch_items (batch_id, item_index, account_id, model, kind, created_at, input, external_reference, state, attempts, success, prompt_tokens, completion_tokens)
                VALUES (@batch, @index, @account, @model, @kind, @created, @input, @reference, 'pending', 0, 0, 0, 0)
                """,
                ("@batch", batch.Id), ("@index", 0), ("@account", batch.AccountId), ("@model", batch.Model), ("@kind", batch.Kind), ("@created", created),
                ("@input", ""), ("@reference", null));
            insert.Transaction = transaction;
            for (int i = 0; i < batch.Items.Count; i++)
            {
                insert.Parameters["@index"].Value = i;
                insert.Parameters["@input"].Value = batch.Items[i].Input;
                insert.Parameters["@reference"].Value = (object?)batch.Items[i].ExternalReference ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    async Task<IReadOnlyList<ClaimedBatchItem>> IBatchStore.ClaimAsync(string owner, int count, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        List<ClaimedBatchItem> claimed = await QueryAsync(
            $"""
            UPDATE batch_items SET state = 'leased', lease_owner = @owner, lease_expires = @until, attempts = attempts + 1
            WHERE (batch_id, item_index) IN (
                SELECT batch_id, item_index FROM batch_items
                WHERE {Claimable}
                ORDER BY created_at, batch_id, item_index
                LIMIT @count{ClaimLocking})
            RETURNING batch_id, item_index, account_id, model, input, attempts, kind
            """,
            row => new ClaimedBatchItem(row.GetString(0), row.GetInt32(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetInt32(5)) { Kind = row.GetString(6) },
            cancellationToken, ("@owner", owner), ("@until", Millis(now + lease)), ("@now", Millis(now)), ("@count", count)).ConfigureAwait(false);
        claimed.Sort((a, b) => a.BatchId == b.BatchId ? a.Index.CompareTo(b.Index) : string.CompareOrdinal(a.BatchId, b.BatchId));
        return claimed;
    }

    async Task<int> IBatchStore.RenewAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE batch_items SET lease_expires = @until WHERE lease_owner = @owner AND state = 'leased'", cancellationToken,
            ("@owner", owner), ("@until", Millis(until))).ConfigureAwait(false);

    async Task<bool> IBatchStore.ReleaseAsync(string owner, string batchId, int index, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE batch_items SET state = 'pending', lease_owner = NULL, lease_expires = NULL WHERE batch_id = @batch AND item_index = @index AND lease_owner = @owner AND state = 'leased'",
            cancellationToken, ("@owner", owner), ("@batch", batchId), ("@index", index)).ConfigureAwait(false) == 1;

    async Task<int> IBatchStore.ReleaseAllAsync(string owner, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE batch_items SET state = 'pending', lease_owner = NULL, lease_expires = NULL WHERE lease_owner = @owner AND state = 'leased'",
            cancellationToken, ("@owner", owner)).ConfigureAwait(false);

    async Task<bool> IBatchStore.CompleteAsync(BatchItemOutcome outcome, UsageRecord? usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return await InTransactionAsync(async (connection, transaction) =>
        {
            long at = Millis(outcome.At);
            // Lock the batch row first, so that two nodes finishing its last two items see each other's (PostgreSQL).
            await ExecuteAsync(connection, transaction, "UPDATE batches SET updated_at = @at WHERE id = @batch", cancellationToken,
                ("@batch", outcome.BatchId), ("@at", at)).ConfigureAwait(false);
            int written = await ExecuteAsync(connection, transaction,
                """
                UPDATE batch_items SET state = 'done', success = @success, result = @result, prompt_tokens = @prompt, completion_tokens = @completion,
                    completed_by = @node, completed_at = @at, lease_owner = NULL, lease_expires = NULL
                WHERE batch_id = @batch AND item_index = @index AND state IN ('pending', 'leased')
                """,
                cancellationToken, ("@batch", outcome.BatchId), ("@index", outcome.Index), ("@success", outcome.Success ? 1 : 0), ("@result", outcome.Result),
                ("@prompt", outcome.PromptTokens), ("@completion", outcome.CompletionTokens), ("@node", outcome.Node), ("@at", at)).ConfigureAwait(false);
            if (written == 0)
                return false;
            if (usage is not null)
            {
                (string sql, (string, object?)[] parameters) = UsageInsert(usage);
                await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters).ConfigureAwait(false);
            }
            await ExecuteAsync(connection, transaction,
                """
                UPDATE batches SET completed_at = @at WHERE id = @batch AND completed_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM batch_items WHERE batch_id = @batch AND state IN ('pending', 'leased'))
                """,
                cancellationToken, ("@batch", outcome.BatchId), ("@at", at)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    async Task<BatchSummary?> IBatchStore.GetAsync(string accountId, string batchId, CancellationToken cancellationToken) =>
        (await QueryAsync($"{SummarySelect} WHERE b.id = @id AND b.account_id = @account {SummaryGroup}", ReadSummary, cancellationToken,
            ("@id", batchId), ("@account", accountId)).ConfigureAwait(false)).SingleOrDefault();

    async Task<IReadOnlyList<BatchSummary>> IBatchStore.ListAsync(string accountId, string? kind, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"{SummarySelect} WHERE b.account_id = @account{(kind is null ? "" : " AND b.kind = @kind")} {SummaryGroup} ORDER BY b.created_at DESC, b.id DESC LIMIT @limit",
            ReadSummary, cancellationToken, ("@account", accountId), ("@kind", kind ?? ""), ("@limit", limit)).ConfigureAwait(false);

    async Task<IReadOnlyList<BatchItemState>> IBatchStore.ItemsAsync(string accountId, string batchId, CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT item_index, input, external_reference, state, success, result, prompt_tokens, completion_tokens, completed_by, attempts
            FROM batch_items WHERE batch_id = @batch AND account_id = @account ORDER BY item_index
            """,
            row => new BatchItemState(row.GetInt32(0), row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2), row.GetString(3), row.GetInt32(4) == 1,
                row.IsDBNull(5) ? null : row.GetString(5), row.GetInt32(6), row.GetInt32(7), row.IsDBNull(8) ? null : row.GetString(8), row.GetInt32(9)),
            cancellationToken, ("@batch", batchId), ("@account", accountId)).ConfigureAwait(false);

    async Task<bool> IBatchStore.CancelAsync(string accountId, string batchId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await InTransactionAsync(async (connection, transaction) =>
        {
            long when = Millis(at);
            int found = await ExecuteAsync(connection, transaction, "UPDATE batches SET updated_at = @at WHERE id = @batch AND account_id = @account",
                cancellationToken, ("@batch", batchId), ("@account", accountId), ("@at", when)).ConfigureAwait(false);
            if (found == 0)
                return false;
            int cancelled = await ExecuteAsync(connection, transaction,
                "UPDATE batches SET cancelled_at = @at, completed_at = @at WHERE id = @batch AND completed_at IS NULL",
                cancellationToken, ("@batch", batchId), ("@at", when)).ConfigureAwait(false);
            if (cancelled == 1)
            {
                await ExecuteAsync(connection, transaction,
                    "UPDATE batch_items SET state = 'cancelled', lease_owner = NULL, lease_expires = NULL WHERE batch_id = @batch AND state IN ('pending', 'leased')",
                    cancellationToken, ("@batch", batchId)).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);

    async Task<int> IBatchStore.SweepAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken) =>
        await InTransactionAsync(async (connection, transaction) =>
        {
            (string, object?) before = ("@before", Millis(finishedBefore));
            await ExecuteAsync(connection, transaction,
                "DELETE FROM batch_items WHERE batch_id IN (SELECT id FROM batches WHERE completed_at IS NOT NULL AND completed_at < @before)",
                cancellationToken, before).ConfigureAwait(false);
            return await ExecuteAsync(connection, transaction, "DELETE FROM batches WHERE completed_at IS NOT NULL AND completed_at < @before",
                cancellationToken, before).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    private static BatchSummary ReadSummary(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        FromMillis(row.GetInt64(5)),
        row.IsDBNull(6) ? null : FromMillis(row.GetInt64(6)),
        row.IsDBNull(7) ? null : FromMillis(row.GetInt64(7)),
        (int)row.GetInt64(8),
        (int)row.GetInt64(9),
        (int)row.GetInt64(10),
        (int)row.GetInt64(11),
        (int)row.GetInt64(12));

    /// <summary>Runs <paramref name="work"/> in a transaction of its own connection and commits it (SQLite: <c>BEGIN IMMEDIATE</c>, one writer at a time).</summary>
    private async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        T result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using DbCommand command = Command(connection, sql, parameters);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
