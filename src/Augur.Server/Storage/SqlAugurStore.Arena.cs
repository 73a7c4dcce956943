using System.Data.Common;

namespace Augur.Server.Storage;

public abstract partial class SqlAugurStore
{
    /// <summary>Schema version 2: the arena's battles, in SQL both providers take (times are Unix milliseconds).</summary>
    protected const string ArenaSchema =
        """
        CREATE TABLE arena_battles (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            prompt TEXT NOT NULL,
            variant_a TEXT NOT NULL,
            variant_b TEXT NOT NULL,
            outcome TEXT NULL,
            voted_at BIGINT NULL);
        CREATE INDEX arena_battles_account ON arena_battles (account_id, voted_at);
        """;

    private const string BattleColumns = "id, account_id, created_at, prompt, variant_a, variant_b, outcome, voted_at";

    async Task IArenaStore.CreateBattleAsync(ArenaBattle battle, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"INSERT INTO arena_battles ({BattleColumns}) VALUES (@id, @account, @created, @prompt, @a, @b, @outcome, @voted)",
            cancellationToken,
            ("@id", battle.Id), ("@account", battle.AccountId), ("@created", Millis(battle.CreatedAt)), ("@prompt", battle.Prompt),
            ("@a", battle.VariantA), ("@b", battle.VariantB), ("@outcome", battle.Outcome),
            ("@voted", battle.VotedAt is { } v ? Millis(v) : null)).ConfigureAwait(false);

    async Task<ArenaBattle?> IArenaStore.GetBattleAsync(string accountId, string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {BattleColumns} FROM arena_battles WHERE id = @id AND account_id = @account", ReadBattle, cancellationToken,
            ("@id", id), ("@account", accountId)).ConfigureAwait(false)).SingleOrDefault();

    async Task<bool> IArenaStore.VoteAsync(string accountId, string id, string outcome, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE arena_battles SET outcome = @outcome, voted_at = @at WHERE id = @id AND account_id = @account AND outcome IS NULL",
            cancellationToken, ("@outcome", outcome), ("@at", Millis(at)), ("@id", id), ("@account", accountId)).ConfigureAwait(false) == 1;

    async Task<IReadOnlyList<ArenaBattle>> IArenaStore.VotedAsync(string accountId, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {BattleColumns} FROM arena_battles WHERE account_id = @account AND outcome IS NOT NULL ORDER BY voted_at, id",
            ReadBattle, cancellationToken, ("@account", accountId)).ConfigureAwait(false);

    private static ArenaBattle ReadBattle(DbDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        FromMillis(row.GetInt64(2)),
        row.GetString(3),
        row.GetString(4),
        row.GetString(5),
        row.IsDBNull(6) ? null : row.GetString(6),
        row.IsDBNull(7) ? null : FromMillis(row.GetInt64(7)));
}
