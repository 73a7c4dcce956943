using System.Text.Json;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Json;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Batches;

/// <summary>
/// Workers AI's async batch form of <c>POST …/ai/run/{model}</c>. Submit with <c>?queueRequest=true</c> and
/// <c>{"requests":[…]}</c> (or the binding's <c>{"inputs":{"requests":[…]},"options":{"queueRequest":true}}</c>);
/// poll with <c>{"request_id":…}</c>, with or without <c>queueRequest</c>.
/// </summary>
internal static class WorkersBatchApi
{
    private static readonly JsonElement CancelledErrors = JsonSerializer.SerializeToElement(
        new List<EnvelopeError> { new(3003, "The batch was cancelled before this request ran.") }, BatchJsonContext.Relaxed.ListEnvelopeError);

    /// <summary>True when the call is one of the batch forms, not a single generation.</summary>
    public static bool IsBatchCall(HttpRequest request, JsonElement body) =>
        QueueRequested(request, body) || Requests(body) is not null || RequestId(body) is not null;

    public static async Task<IResult> HandleAsync(HttpContext http, CatalogEntry entry, JsonElement body)
    {
        BatchQueue queue = http.RequestServices.GetRequiredService<BatchQueue>();
        string account = TextGenerator.MeteredAccount(http);
        if (RequestId(body) is string id)
            return await PollAsync(queue, account, id, http.RequestAborted).ConfigureAwait(false);
        if (Requests(body) is not JsonElement requests)
            throw ApiException.BadInput("Invalid input: queueRequest needs {\"requests\":[…]} to submit, or {\"request_id\":…} to poll.");

        var items = new List<NewBatchItem>(requests.GetArrayLength());
        foreach (JsonElement item in requests.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw ApiException.BadInput($"Invalid input: /requests/{items.Count} must be an object.");
            items.Add(new NewBatchItem(item.GetRawText(), item.TryGetProperty("external_reference", out JsonElement reference) ? reference.GetRawText() : null));
        }
        string batch = await queue.SubmitAsync(account, entry, items, BatchKinds.WorkersAi, null, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(Envelope<BatchQueued>.Ok(new BatchQueued("queued", batch, entry.Name)), BatchJsonContext.Relaxed.EnvelopeBatchQueued);
    }

    private static async Task<IResult> PollAsync(BatchQueue queue, string account, string id, CancellationToken cancellationToken)
    {
        BatchSummary summary = await queue.GetAsync(account, id, cancellationToken).ConfigureAwait(false);
        if (!summary.IsFinished)
            return TypedResults.Json(Envelope<BatchPending>.Ok(new BatchPending(summary.Status, id)), BatchJsonContext.Relaxed.EnvelopeBatchPending);

        IReadOnlyList<BatchItemState> items = await queue.ItemsAsync(account, id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(Envelope<BatchResponses>.Ok(Responses(items)), BatchJsonContext.Relaxed.EnvelopeBatchResponses);
    }

    /// <summary>A finished batch's poll answer: every item's response (an item without a result says it was cancelled) and the usage of them all.</summary>
    public static BatchResponses Responses(IReadOnlyList<BatchItemState> items)
    {
        var responses = new List<BatchResponse>(items.Count);
        long prompt = 0, completion = 0;
        foreach (BatchItemState item in items)
        {
            JsonElement? reference = item.ExternalReference is null ? null : Parse(item.ExternalReference);
            prompt += item.PromptTokens;
            completion += item.CompletionTokens;
            responses.Add(item.State != BatchItemStates.Done
                ? new BatchResponse(item.Index, null, false, reference, CancelledErrors)
                : item.Success
                    ? new BatchResponse(item.Index, Parse(item.Result!), true, reference, null)
                    : new BatchResponse(item.Index, null, false, reference, Parse(item.Result!)));
        }
        return new BatchResponses(responses, new BatchUsage(prompt, completion, prompt + completion));
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary><c>?queueRequest=true</c>, or the binding's <c>options.queueRequest: true</c>.</summary>
    private static bool QueueRequested(HttpRequest request, JsonElement body) =>
        string.Equals(request.Query["queueRequest"], "true", StringComparison.OrdinalIgnoreCase)
        || (body.TryGetProperty("options", out JsonElement options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("queueRequest", out JsonElement queue) && queue.ValueKind == JsonValueKind.True);

    /// <summary>The <c>requests</c> array, at the top or (binding form) under <c>inputs</c>.</summary>
    private static JsonElement? Requests(JsonElement body) => Member(body, "requests", JsonValueKind.Array);

    /// <summary>The <c>request_id</c> to poll, at the top or under <c>inputs</c>.</summary>
    private static string? RequestId(JsonElement body) => Member(body, "request_id", JsonValueKind.String)?.GetString();

    private static JsonElement? Member(JsonElement body, string name, JsonValueKind kind)
    {
        if (body.TryGetProperty(name, out JsonElement value) && value.ValueKind == kind)
            return value;
        if (body.TryGetProperty("inputs", out JsonElement inputs) && inputs.ValueKind == JsonValueKind.Object
            && inputs.TryGetProperty(name, out value) && value.ValueKind == kind)
            return value;
        return null;
    }
}
