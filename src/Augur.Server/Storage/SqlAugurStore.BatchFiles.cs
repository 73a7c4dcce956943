using System.Data.Common;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore : IBatchFileStore
{
    private const string FileColumns = "id, account_id, filename, purpose, bytes, created_at";

    public IBatchFileStore Files => this;

    async Task<bool> IBatchFileStore.CreateAsync(BatchFile file, string content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return await ExecuteAsync(
            $"INSERT INTO batch_files ({FileColumns}, content) VALUES (@id, @account, @name, @purpose, @bytes, @created, @content) ON CONFLICT (id) DO NOTHING",
            cancellationToken, ("@id", file.Id), ("@account", file.AccountId), ("@name", file.FileName), ("@purpose", file.Purpose),
            ("@bytes", file.Bytes), ("@created", Millis(file.CreatedAt)), ("@content", content)).ConfigureAwait(false) == 1;
    }

    async Task<BatchFile?> IBatchFileStore.GetAsync(string accountId, string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {FileColumns} FROM batch_files WHERE account_id = @account AND id = @id", ReadFile, cancellationToken,
            ("@account", accountId), ("@id", id)).ConfigureAwait(false)).SingleOrDefault();

    async Task<string?> IBatchFileStore.ContentAsync(string accountId, string id, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT content FROM batch_files WHERE account_id = @account AND id = @id", row => row.GetString(0), cancellationToken,
            ("@account", accountId), ("@id", id)).ConfigureAwait(false)).SingleOrDefault();

    async Task<IReadOnlyList<BatchFile>> IBatchFileStore.ListAsync(string accountId, string? purpose, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {FileColumns} FROM batch_files WHERE account_id = @account{(purpose is null ? "" : " AND purpose = @purpose")} ORDER BY created_at DESC, id DESC LIMIT @limit",
            ReadFile, cancellationToken, ("@account", accountId), ("@purpose", purpose ?? ""), ("@limit", limit)).ConfigureAwait(false);

    async Task<bool> IBatchFileStore.DeleteAsync(string accountId, string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM batch_files WHERE account_id = @account AND id = @id", cancellationToken,
            ("@account", accountId), ("@id", id)).ConfigureAwait(false) == 1;

    private static BatchFile ReadFile(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetInt64(4), FromMillis(row.GetInt64(5)));
}
