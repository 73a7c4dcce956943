using System.Text.Json;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Storage;

namespace Augur.Server.Batches;

/// <summary>
/// OpenAI's batches over the shared batch queue. A batch is validated as it is created: a bad input file makes it
/// <c>failed</c> with its <c>errors</c> (stored, without items); otherwise each line is queued as an item and the batch
/// is <c>in_progress</c> until every line has its answer, then <c>completed</c> with its output and error files (written
/// the first time the finished batch is read), or <c>cancelled</c>.
/// </summary>
internal sealed class OpenAiBatchService(IAugurStore store, BatchQueue queue, TextGenerator generator, TimeProvider time)
{
    /// <summary>The one completion window there is.</summary>
    public const string CompletionWindow = "24h";

    /// <summary>A new batch of the lines of <paramref name="inputFileId"/>, each a request to <paramref name="endpoint"/>.</summary>
    public async Task<OpenAiBatchObject> CreateAsync(string account, string inputFileId, string endpoint, JsonElement? metadata, CancellationToken cancellationToken)
    {
        BatchFile file = await store.Files.GetAsync(account, inputFileId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiException(BatchErrors.NotFound, $"No such File object: {inputFileId}");
        if (file.Purpose != OpenAiFiles.BatchPurpose)
            throw ApiException.BadInput($"The file {inputFileId} has purpose {file.Purpose}; a batch's input file must have purpose batch.");
        string content = await store.Files.ContentAsync(account, inputFileId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiException(BatchErrors.NotFound, $"No such File object: {inputFileId}");

        (List<NewBatchItem> items, string? model, List<OpenAiBatchError> errors) = OpenAiBatchInput.Read(content, endpoint);
        CatalogEntry? entry = null;
        if (errors.Count == 0)
        {
            try
            {
                entry = generator.Resolve(model!);
            }
            catch (ApiException e)
            {
                errors.Add(new OpenAiBatchError("model_not_found", e.Message, "body.model", null));
            }
        }
        var options = new OpenAiBatchOptions(inputFileId, endpoint, CompletionWindow, metadata,
            errors.Count == 0 ? null : new OpenAiBatchErrors("list", errors));
        string optionsJson = JsonSerializer.Serialize(options, OpenAiBatchJsonContext.Default.OpenAiBatchOptions);
        string id;
        if (entry is null)
        {
            id = Guid.NewGuid().ToString();
            await store.Batches.CreateAsync(new NewBatch(id, account, model ?? "", BatchKinds.OpenAi, time.GetUtcNow(), optionsJson, []), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            id = await queue.SubmitAsync(account, entry, items, BatchKinds.OpenAi, optionsJson, cancellationToken).ConfigureAwait(false);
        }
        return await GetAsync(account, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The batch <paramref name="id"/> of <paramref name="account"/>; 404 when there is none (another account's, or a Workers AI batch).</summary>
    public async Task<OpenAiBatchObject> GetAsync(string account, string id, CancellationToken cancellationToken)
    {
        BatchSummary? summary = await store.Batches.GetAsync(account, id, cancellationToken).ConfigureAwait(false);
        if (summary is not { Kind: BatchKinds.OpenAi })
            throw new ApiException(BatchErrors.NotFound, $"No batch found with id '{id}'.");
        return await DescribeAsync(summary, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The account's batches, newest first, <paramref name="limit"/> after the batch <paramref name="after"/> (from the newest when null).</summary>
    public async Task<OpenAiBatchList> ListAsync(string account, string? after, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<BatchSummary> all = await store.Batches.ListAsync(account, BatchKinds.OpenAi, 100_000, cancellationToken).ConfigureAwait(false);
        IEnumerable<BatchSummary> rest = after is null ? all : all.SkipWhile(b => b.Id != after).Skip(1);
        List<BatchSummary> page = rest.Take(limit + 1).ToList();
        var data = new List<OpenAiBatchObject>();
        foreach (BatchSummary summary in page.Take(limit))
            data.Add(await DescribeAsync(summary, cancellationToken).ConfigureAwait(false));
        return new OpenAiBatchList("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.Count > limit);
    }

    /// <summary>Cancels the batch: lines without an answer will not run. A finished batch stays as it is.</summary>
    public async Task<OpenAiBatchObject> CancelAsync(string account, string id, CancellationToken cancellationToken)
    {
        await GetAsync(account, id, cancellationToken).ConfigureAwait(false);
        await store.Batches.CancelAsync(account, id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await GetAsync(account, id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OpenAiBatchObject> DescribeAsync(BatchSummary s, CancellationToken cancellationToken)
    {
        OpenAiBatchOptions options = JsonSerializer.Deserialize(s.Options ?? "{}", OpenAiBatchJsonContext.Default.OpenAiBatchOptions)
            ?? throw new ApiException($"Batch {s.Id} has no options.");
        bool failed = options.Errors is not null;
        bool cancelled = !failed && s.CancelledAt is not null;
        bool completed = !failed && !cancelled && s.IsFinished;
        string? outputId = !failed && s.IsFinished && s.Succeeded > 0 ? OpenAiBatchOutput.OutputFileId(s.Id) : null;
        string? errorId = !failed && s.IsFinished && s.Failed + s.Cancelled > 0 ? OpenAiBatchOutput.ErrorFileId(s.Id) : null;
        if (outputId is not null || errorId is not null)
            await WriteFilesAsync(s, outputId, errorId, cancellationToken).ConfigureAwait(false);

        long created = s.CreatedAt.ToUnixTimeSeconds();
        long? finished = s.CompletedAt?.ToUnixTimeSeconds();
        string status = failed ? "failed" : cancelled ? "cancelled" : completed ? "completed" : "in_progress";
        return new OpenAiBatchObject(
            s.Id, "batch", options.Endpoint, options.Errors, options.InputFileId, options.CompletionWindow, status, outputId, errorId,
            created,
            InProgressAt: failed ? null : created,
            ExpiresAt: created + (24 * 3600),
            FinalizingAt: completed ? finished : null,
            CompletedAt: completed ? finished : null,
            FailedAt: failed ? created : null,
            ExpiredAt: null,
            CancellingAt: cancelled ? s.CancelledAt!.Value.ToUnixTimeSeconds() : null,
            CancelledAt: cancelled ? finished : null,
            new OpenAiRequestCounts(s.Total, s.Succeeded, s.Failed),
            options.Metadata);
    }

    /// <summary>Writes the finished batch's output and error files, unless they are there already (every node writes the same ones).</summary>
    private async Task WriteFilesAsync(BatchSummary s, string? outputId, string? errorId, CancellationToken cancellationToken)
    {
        bool missing = (outputId is not null && await store.Files.GetAsync(s.AccountId, outputId, cancellationToken).ConfigureAwait(false) is null)
            || (errorId is not null && await store.Files.GetAsync(s.AccountId, errorId, cancellationToken).ConfigureAwait(false) is null);
        if (!missing)
            return;
        IReadOnlyList<BatchItemState> items = await store.Batches.ItemsAsync(s.AccountId, s.Id, cancellationToken).ConfigureAwait(false);
        (string output, string errors) = OpenAiBatchOutput.Write(s.Id, items);
        DateTimeOffset now = time.GetUtcNow();
        if (outputId is not null)
            await OpenAiFiles.StoreAsync(store, new BatchFile(outputId, s.AccountId, $"batch_{s.Id}_output.jsonl", OpenAiFiles.OutputPurpose, 0, now), output, cancellationToken).ConfigureAwait(false);
        if (errorId is not null)
            await OpenAiFiles.StoreAsync(store, new BatchFile(errorId, s.AccountId, $"batch_{s.Id}_error.jsonl", OpenAiFiles.OutputPurpose, 0, now), errors, cancellationToken).ConfigureAwait(false);
    }
}
