namespace Augur.Server.Storage;

/// <summary>
/// The server's durable state, behind small interfaces so that SQLite (<see cref="SqliteAugurStore"/>) and PostgreSQL
/// (<see cref="PostgresAugurStore"/>) serve alike. Every query about an account's data names the account.
/// </summary>
public interface IAugurStore : IDisposable, IAsyncDisposable
{
    IAccountStore Accounts { get; }

    ITokenStore Tokens { get; }

    IUsageStore Usage { get; }

    /// <summary>The async batch queue.</summary>
    IBatchStore Batches { get; }

    IFinetuneStore Finetunes { get; }

    IArenaStore Arena { get; }

    /// <summary>The files of OpenAI's batch API.</summary>
    IBatchFileStore Files { get; }
}

/// <summary>Accounts: their plan and allocation.</summary>
public interface IAccountStore
{
    /// <summary>Adds <paramref name="account"/>; false (and nothing changed) when its id is taken.</summary>
    Task<bool> CreateAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>The account <paramref name="id"/>, or null.</summary>
    Task<Account?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every account, by id.</summary>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the plan and allocation of the account with <paramref name="account"/>'s id; false when there is none.</summary>
    Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken = default);
}

/// <summary>API tokens, held as hashes.</summary>
public interface ITokenStore
{
    /// <summary>Adds a token; its id must be new.</summary>
    Task CreateAsync(StoredToken token, CancellationToken cancellationToken = default);

    /// <summary>The token with public id <paramref name="id"/>, revoked or not, or null. Authentication's lookup.</summary>
    Task<StoredToken?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The tokens of <paramref name="accountId"/> (every account's when null), oldest first.</summary>
    Task<IReadOnlyList<StoredToken>> ListAsync(string? accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes token <paramref name="id"/> (only if it belongs to <paramref name="accountId"/>, when that is given); false
    /// when no such valid token exists.
    /// </summary>
    Task<bool> RevokeAsync(string id, string? accountId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>True when at least one token is not revoked.</summary>
    Task<bool> AnyValidAsync(CancellationToken cancellationToken = default);
}

/// <summary>Metered requests.</summary>
public interface IUsageStore
{
    Task RecordAsync(UsageRecord record, CancellationToken cancellationToken = default);

    /// <summary>The neurons <paramref name="accountId"/> used on the UTC day <paramref name="day"/>.</summary>
    Task<double> NeuronsOnAsync(string accountId, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>The usage of <paramref name="accountId"/> from <paramref name="from"/> to <paramref name="to"/> (both included), by day then model.</summary>
    Task<IReadOnlyList<UsageTotals>> DailyAsync(string accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}

/// <summary>The dashboard's blind arena: battles between two model variants, and the account's vote on each.</summary>
public interface IArenaStore
{
    /// <summary>Adds a battle (not yet voted); its id must be new.</summary>
    Task CreateBattleAsync(ArenaBattle battle, CancellationToken cancellationToken = default);

    /// <summary>Battle <paramref name="id"/> of <paramref name="accountId"/>, or null (also when it is another account's).</summary>
    Task<ArenaBattle?> GetBattleAsync(string accountId, string id, CancellationToken cancellationToken = default);

    /// <summary>Records the vote on battle <paramref name="id"/> of <paramref name="accountId"/>; false when there is no such battle or it has its vote already.</summary>
    Task<bool> VoteAsync(string accountId, string id, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The voted battles of <paramref name="accountId"/>, oldest vote first.</summary>
    Task<IReadOnlyList<ArenaBattle>> VotedAsync(string accountId, CancellationToken cancellationToken = default);
}
