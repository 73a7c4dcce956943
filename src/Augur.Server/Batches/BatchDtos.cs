using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Server.Batches;

/// <summary>The answer to a submitted batch: <c>{"status":"queued","request_id":…,"model":…}</c>.</summary>
public sealed record BatchQueued(string Status, string RequestId, string Model);

/// <summary>A poll's answer while the batch works: <c>{"status":"queued"|"running","request_id":…}</c>.</summary>
public sealed record BatchPending(string Status, string RequestId);

/// <summary>A poll's answer once the batch is done: every item's response and the usage of them all.</summary>
public sealed record BatchResponses(IReadOnlyList<BatchResponse> Responses, BatchUsage Usage);

/// <summary>One item's response: <paramref name="Id"/> is its index in the request; a failed item has <paramref name="Errors"/> instead of a result.</summary>
/// <param name="Id">The item's index in the submitted <c>requests</c>.</param>
/// <param name="Result">The model's normal output (<c>{"response":…,"usage":…}</c>); null when the item failed.</param>
/// <param name="Success">False when the item failed.</param>
/// <param name="ExternalReference">The item's <c>external_reference</c> as given, or null (always written).</param>
/// <param name="Errors">Why it failed (<c>[{"code":…,"message":…}]</c>); null on success.</param>
public sealed record BatchResponse(
    int Id,
    JsonElement? Result,
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? ExternalReference,
    JsonElement? Errors);

/// <summary>Token counts summed over a batch's items.</summary>
public sealed record BatchUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
