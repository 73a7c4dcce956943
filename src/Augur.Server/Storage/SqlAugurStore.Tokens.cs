using System.Data.Common;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore
{
    private const string TokenColumns = "id, account_id, name, sha256, created_at, revoked_at";

    async Task ITokenStore.CreateAsync(StoredToken token, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"INSERT INTO api_tokens ({TokenColumns}) VALUES (@id, @account, @name, @hash, @created, @revoked)",
            cancellationToken,
            ("@id", token.Id), ("@account", token.AccountId), ("@name", token.Name), ("@hash", token.Sha256),
            ("@created", Millis(token.CreatedAt)), ("@revoked", token.RevokedAt is { } r ? Millis(r) : null)).ConfigureAwait(false);

    async Task<StoredToken?> ITokenStore.FindAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {TokenColumns} FROM api_tokens WHERE id = @id", ReadToken, cancellationToken, ("@id", id)).ConfigureAwait(false))
            .SingleOrDefault();

    async Task<IReadOnlyList<StoredToken>> ITokenStore.ListAsync(string? accountId, CancellationToken cancellationToken) =>
        accountId is null
            ? await QueryAsync($"SELECT {TokenColumns} FROM api_tokens ORDER BY created_at, id", ReadToken, cancellationToken).ConfigureAwait(false)
            : await QueryAsync($"SELECT {TokenColumns} FROM api_tokens WHERE account_id = @account ORDER BY created_at, id", ReadToken, cancellationToken,
                ("@account", accountId)).ConfigureAwait(false);

    async Task<bool> ITokenStore.RevokeAsync(string id, string? accountId, DateTimeOffset at, CancellationToken cancellationToken) =>
        (accountId is null
            ? await ExecuteAsync("UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", cancellationToken,
                ("@id", id), ("@at", Millis(at))).ConfigureAwait(false)
            : await ExecuteAsync("UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND account_id = @account AND revoked_at IS NULL", cancellationToken,
                ("@id", id), ("@account", accountId), ("@at", Millis(at))).ConfigureAwait(false)) == 1;

    async Task<bool> ITokenStore.AnyValidAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT id FROM api_tokens WHERE revoked_at IS NULL LIMIT 1", row => row.GetString(0), cancellationToken).ConfigureAwait(false)).Count > 0;

    private static StoredToken ReadToken(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        (byte[])row.GetValue(3),
        FromMillis(row.GetInt64(4)),
        row.IsDBNull(5) ? null : FromMillis(row.GetInt64(5)));
}
