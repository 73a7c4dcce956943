using System.Data.Common;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore
{
    private const string AccountColumns = "id, plan, daily_free_neurons, created_at";

    async Task<bool> IAccountStore.CreateAsync(Account account, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"INSERT INTO accounts ({AccountColumns}) VALUES (@id, @plan, @daily, @created) ON CONFLICT (id) DO NOTHING",
            cancellationToken,
            ("@id", account.Id), ("@plan", account.Plan), ("@daily", account.DailyFreeNeurons), ("@created", Millis(account.CreatedAt))).ConfigureAwait(false) == 1;

    async Task<Account?> IAccountStore.GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {AccountColumns} FROM accounts WHERE id = @id", ReadAccount, cancellationToken, ("@id", id)).ConfigureAwait(false))
            .SingleOrDefault();

    async Task<IReadOnlyList<Account>> IAccountStore.ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {AccountColumns} FROM accounts ORDER BY id", ReadAccount, cancellationToken).ConfigureAwait(false);

    async Task<bool> IAccountStore.UpdateAsync(Account account, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE accounts SET plan = @plan, daily_free_neurons = @daily WHERE id = @id",
            cancellationToken,
            ("@id", account.Id), ("@plan", account.Plan), ("@daily", account.DailyFreeNeurons)).ConfigureAwait(false) == 1;

    private static Account ReadAccount(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.IsDBNull(2) ? null : row.GetDouble(2),
        FromMillis(row.GetInt64(3)));
}
