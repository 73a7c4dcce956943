using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Augur.Server.Storage;

namespace Augur.Server.Batches;

/// <summary>What the batch APIs share: submitting a batch durably (answered only once it is committed) and reading it back for its account.</summary>
internal sealed class BatchQueue(IAugurStore store, BatchRunner runner, AugurServerOptions options, TimeProvider time)
{
    /// <summary>
    /// Stores a batch of <paramref name="items"/> for <paramref name="accountId"/> on <paramref name="entry"/> and
    /// returns its id once committed; 3003 when empty, 3006 past <see cref="BatchOptions.MaxItemsPerBatch"/>.
    /// </summary>
    public async Task<string> SubmitAsync(string accountId, CatalogEntry entry, IReadOnlyList<NewBatchItem> items, string kind, string? batchOptions, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
            throw ApiException.BadInput("Invalid input: a batch needs at least one request.");
        int limit = options.Batches.MaxItemsPerBatch;
        if (items.Count > limit)
            throw new ApiException(WorkersAiError.TooLarge, $"Request is too large: {items.Count} requests in one batch, and the limit is {limit}.");
        string id = Guid.NewGuid().ToString();
        await store.Batches.CreateAsync(new NewBatch(id, accountId, entry.Name, kind, time.GetUtcNow(), batchOptions, items), cancellationToken).ConfigureAwait(false);
        runner.Wake();
        return id;
    }

    /// <summary>The batch <paramref name="id"/> of <paramref name="accountId"/>; 7003 / 404 when there is none (another account's included).</summary>
    public async Task<BatchSummary> GetAsync(string accountId, string id, CancellationToken cancellationToken) =>
        await store.Batches.GetAsync(accountId, id, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiException(BatchErrors.NotFound, $"No batch request {id} was found.");

    public Task<IReadOnlyList<BatchItemState>> ItemsAsync(string accountId, string id, CancellationToken cancellationToken) =>
        store.Batches.ItemsAsync(accountId, id, cancellationToken);
}
