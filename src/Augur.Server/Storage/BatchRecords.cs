namespace Augur.Server.Storage;

/// <summary>The kinds of batch: which API created it (and so how it is answered).</summary>
public static class BatchKinds
{
    /// <summary>Workers AI's <c>?queueRequest=true</c>.</summary>
    public const string WorkersAi = "workers-ai";

    /// <summary>OpenAI's <c>/v1/batches</c>.</summary>
    public const string OpenAi = "openai";
}

/// <summary>The states of a batch item.</summary>
public static class BatchItemStates
{
    /// <summary>Waiting to be claimed.</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a node, under a lease.</summary>
    public const string Leased = "leased";

    /// <summary>Has its result (success or failure).</summary>
    public const string Done = "done";

    /// <summary>Its batch was cancelled before it had a result.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>A batch to store.</summary>
/// <param name="Id">A new, unique id (the <c>request_id</c>).</param>
/// <param name="AccountId">Whose it is.</param>
/// <param name="Model">The catalog name every item runs on.</param>
/// <param name="Kind">See <see cref="BatchKinds"/>.</param>
/// <param name="CreatedAt">When it was submitted; older batches run first.</param>
/// <param name="Options">What the creating API wants to keep with it (JSON), or null.</param>
/// <param name="Items">The items, in order: item i has index i. A batch without items (one refused before it ran) is stored finished.</param>
public sealed record NewBatch(string Id, string AccountId, string Model, string Kind, DateTimeOffset CreatedAt, string? Options, IReadOnlyList<NewBatchItem> Items);

/// <summary>One item to store: its input (a JSON object) and the caller's reference for it (JSON), if any.</summary>
public sealed record NewBatchItem(string Input, string? ExternalReference);

/// <summary>An item leased to a node: what to run.</summary>
/// <param name="BatchId">Its batch.</param>
/// <param name="Index">Its place in the batch (from 0).</param>
/// <param name="AccountId">Whose batch it is.</param>
/// <param name="Model">The catalog name to run it on.</param>
/// <param name="Input">The item as submitted (a JSON object).</param>
/// <param name="Attempts">Times it was claimed, this claim included (more than 1 after a node died running it).</param>
public sealed record ClaimedBatchItem(string BatchId, int Index, string AccountId, string Model, string Input, int Attempts)
{
    /// <summary>Its batch's kind (see <see cref="BatchKinds"/>): how to read <see cref="Input"/> and write its result.</summary>
    public string Kind { get; init; } = BatchKinds.WorkersAi;
}

/// <summary>An item's result.</summary>
/// <param name="BatchId">Its batch.</param>
/// <param name="Index">Its place in the batch.</param>
/// <param name="Success">False when the item failed (its <paramref name="Result"/> then says why).</param>
/// <param name="Result">The result (or the error) as JSON.</param>
/// <param name="PromptTokens">Its input tokens (0 when it failed before running).</param>
/// <param name="CompletionTokens">Its generated tokens.</param>
/// <param name="Node">The node that ran it.</param>
/// <param name="At">When it finished.</param>
public sealed record BatchItemOutcome(string BatchId, int Index, bool Success, string Result, int PromptTokens, int CompletionTokens, string Node, DateTimeOffset At);

/// <summary>A batch and how far it is.</summary>
/// <param name="Id">The batch's id.</param>
/// <param name="AccountId">Whose it is.</param>
/// <param name="Model">The catalog name its items run on.</param>
/// <param name="Kind">See <see cref="BatchKinds"/>.</param>
/// <param name="Options">What its API kept with it (JSON), or null.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="Total">Items in all.</param>
/// <param name="Started">Items claimed at least once, or done.</param>
/// <param name="Succeeded">Items done with success.</param>
/// <param name="Failed">Items done with a failure.</param>
/// <param name="Cancelled">Items cancelled before they had a result.</param>
/// <param name="CompletedAt">When its last item finished or it was cancelled; null while it runs.</param>
/// <param name="CancelledAt">When it was cancelled, or null.</param>
public sealed record BatchSummary(
    string Id,
    string AccountId,
    string Model,
    string Kind,
    string? Options,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt,
    int Total,
    int Started,
    int Succeeded,
    int Failed,
    int Cancelled)
{
    /// <summary>Every item has a result or was cancelled.</summary>
    public bool IsFinished => CompletedAt is not null;

    /// <summary>Workers AI's status: <c>queued</c> until an item starts, then <c>running</c>, then <c>completed</c> (or <c>cancelled</c>).</summary>
    public string Status => CancelledAt is not null ? "cancelled" : CompletedAt is not null ? "completed" : Started > 0 ? "running" : "queued";
}

/// <summary>An item of a batch as stored: its reference, state and result so far.</summary>
/// <param name="Index">Its place in the batch.</param>
/// <param name="Input">The item as submitted (JSON).</param>
/// <param name="ExternalReference">The caller's reference (JSON), or null.</param>
/// <param name="Success">True when done with success.</param>
/// <param name="PromptTokens">Its input tokens.</param>
/// <param name="CompletionTokens">Its generated tokens.</param>
/// <param name="State">See <see cref="BatchItemStates"/>.</param>
/// <param name="Result">The result or error (JSON) when <paramref name="State"/> is done; else null.</param>
/// <param name="Node">The node whose result was kept, when done.</param>
/// <param name="Attempts">Times it was claimed.</param>
public sealed record BatchItemState(
    int Index,
    string Input,
    string? ExternalReference,
    string State,
    bool Success,
    string? Result,
    int PromptTokens,
    int CompletionTokens,
    string? Node,
    int Attempts);
