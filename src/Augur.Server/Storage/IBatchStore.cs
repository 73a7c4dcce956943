namespace Augur.Server.Storage;

/// <summary>
/// The durable queue of the async batch API. A batch and all its items are stored in one transaction; items are
/// claimed in groups under a lease (an owner and an expiry), so that another node takes over the work of one that
/// died; an item's result is written once, keyed by (batch, item): a second write of it changes nothing. Every query
/// about a batch names its account, and another account's batch is simply not found.
/// </summary>
public interface IBatchStore
{
    /// <summary>Stores <paramref name="batch"/> and its items in one transaction; returns once it is committed.</summary>
    Task CreateAsync(NewBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases at most <paramref name="count"/> items to <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="lease"/>: items never claimed, and items whose lease expired before <paramref name="now"/> (their
    /// owner died). Oldest batches first, then by index. Two claimers never get the same item while its lease holds
    /// (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>; SQLite: one writer at a time).
    /// </summary>
    Task<IReadOnlyList<ClaimedBatchItem>> ClaimAsync(string owner, int count, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends every lease <paramref name="owner"/> still holds to <paramref name="until"/>; returns how many.</summary>
    Task<int> RenewAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives an item <paramref name="owner"/> holds back to the queue (it was not run); false when it holds no such lease.</summary>
    Task<bool> ReleaseAsync(string owner, string batchId, int index, CancellationToken cancellationToken = default);

    /// <summary>Gives every item <paramref name="owner"/> holds back to the queue (a clean shutdown); returns how many.</summary>
    Task<int> ReleaseAllAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an item's result, with its <paramref name="usage"/> (when given) in the same transaction, and marks the
    /// batch completed when it was its last item. True for the first write of the item; false (nothing written) when
    /// it already has a result or its batch was cancelled or swept.
    /// </summary>
    Task<bool> CompleteAsync(BatchItemOutcome outcome, UsageRecord? usage, CancellationToken cancellationToken = default);

    /// <summary>The batch <paramref name="batchId"/> of <paramref name="accountId"/> with its counts, or null (none, or another account's).</summary>
    Task<BatchSummary?> GetAsync(string accountId, string batchId, CancellationToken cancellationToken = default);

    /// <summary>The batches of <paramref name="accountId"/>, newest first, at most <paramref name="limit"/>, only of <paramref name="kind"/> when given.</summary>
    Task<IReadOnlyList<BatchSummary>> ListAsync(string accountId, string? kind, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every item of the batch with its result so far, by index; empty when the batch is not <paramref name="accountId"/>'s.</summary>
    Task<IReadOnlyList<BatchItemState>> ItemsAsync(string accountId, string batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels the batch: items without a result will not run (those running finish, and their results are dropped).
    /// False when the batch is not <paramref name="accountId"/>'s; a finished batch stays as it is.
    /// </summary>
    Task<bool> CancelAsync(string accountId, string batchId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes the batches (and items) that finished before <paramref name="finishedBefore"/>; returns how many batches.</summary>
    Task<int> SweepAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default);
}
