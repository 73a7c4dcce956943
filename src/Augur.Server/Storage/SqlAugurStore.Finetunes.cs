using System.Data.Common;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore : IFinetuneStore
{
    private const string FinetuneColumns = "id, account_id, name, model, description, created_at, modified_at, has_config, has_weights";

    public IFinetuneStore Finetunes => this;

    async Task<bool> IFinetuneStore.CreateAsync(Finetune f, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"INSERT INTO finetunes ({FinetuneColumns}) VALUES (@id, @account, @name, @model, @description, @created, @modified, 0, 0) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("@id", f.Id), ("@account", f.AccountId), ("@name", f.Name), ("@model", f.Model), ("@description", f.Description),
            ("@created", Millis(f.CreatedAt)), ("@modified", Millis(f.ModifiedAt))).ConfigureAwait(false) == 1;

    async Task<Finetune?> IFinetuneStore.FindAsync(string accountId, string idOrName, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"SELECT {FinetuneColumns} FROM finetunes WHERE account_id = @account AND (id = @key OR name = @key) ORDER BY CASE WHEN id = @key THEN 0 ELSE 1 END",
            ReadFinetune, cancellationToken, ("@account", accountId), ("@key", idOrName)).ConfigureAwait(false)).FirstOrDefault();

    async Task<IReadOnlyList<Finetune>> IFinetuneStore.ListAsync(string accountId, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {FinetuneColumns} FROM finetunes WHERE account_id = @account ORDER BY created_at, id",
            ReadFinetune, cancellationToken, ("@account", accountId)).ConfigureAwait(false);

    async Task<bool> IFinetuneStore.AddAssetAsync(string accountId, string id, FinetuneAsset asset, DateTimeOffset at, CancellationToken cancellationToken)
    {
        string column = asset == FinetuneAsset.Config ? "has_config" : "has_weights";
        return await ExecuteAsync(
            $"UPDATE finetunes SET {column} = 1, modified_at = @at WHERE account_id = @account AND id = @id AND {column} = 0",
            cancellationToken, ("@account", accountId), ("@id", id), ("@at", Millis(at))).ConfigureAwait(false) == 1;
    }

    async Task<bool> IFinetuneStore.DeleteAsync(string accountId, string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM finetunes WHERE account_id = @account AND id = @id", cancellationToken,
            ("@account", accountId), ("@id", id)).ConfigureAwait(false) == 1;

    private static Finetune ReadFinetune(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        FromMillis(row.GetInt64(5)),
        FromMillis(row.GetInt64(6)),
        Convert.ToInt64(row.GetValue(7), System.Globalization.CultureInfo.InvariantCulture) != 0,
        Convert.ToInt64(row.GetValue(8), System.Globalization.CultureInfo.InvariantCulture) != 0);
}
