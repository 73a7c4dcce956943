using System.Text;
using System.Text.Json;
using Augur.Server.Batches;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Json;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Dashboard;

/// <summary>
/// The Batches page's JSON under <c>/dashboard/api/batches</c>, for the signed-in account only: <c>GET</c> the newest
/// batches of every kind, <c>GET {id}</c> one with its items, <c>GET {id}/results?format=json|jsonl</c> a finished
/// batch's results as a download, and <c>POST</c> (antiforgery-checked) a Workers AI batch of one prompt per item.
/// </summary>
internal static class DashboardBatchesApi
{
    /// <summary>How many batches the list shows.</summary>
    private const int ListLimit = 100;

    /// <summary>How many characters of an item's answer (or error) the page previews.</summary>
    private const int PreviewChars = 160;

    /// <summary>Each item's answer stops here unless the form says otherwise.</summary>
    private const int DefaultMaxTokens = 64;

    public static void MapDashboardBatches(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder read = app.MapGroup(DashboardSetup.ApiPrefix + "/batches").RequireAuthorization();
        read.MapGet("/", ListAsync);
        read.MapGet("/{id}", DetailAsync);
        read.MapGet("/{id}/results", ResultsAsync);
        RouteGroupBuilder write = app.MapGroup(DashboardSetup.ApiPrefix + "/batches").RequireAuthorization().RequireAntiforgery();
        write.MapPost("/", SubmitAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAugurStore store)
    {
        IReadOnlyList<BatchSummary> batches = await store.Batches.ListAsync(DashboardSession.AccountId(http), null, ListLimit, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(batches.Select(View).ToList(), DashboardJson.Default.ListBatchView);
    }

    private static async Task<IResult> DetailAsync(HttpContext http, IAugurStore store, string id)
    {
        string account = DashboardSession.AccountId(http);
        if (await store.Batches.GetAsync(account, id, http.RequestAborted).ConfigureAwait(false) is not BatchSummary summary)
            return NotFound(id);
        IReadOnlyList<BatchItemState> items = await store.Batches.ItemsAsync(account, id, http.RequestAborted).ConfigureAwait(false);
        var detail = new BatchDetail(View(summary), [.. items.Select(i => new BatchItemView(
            i.Index, i.ExternalReference, i.State, i.State == BatchItemStates.Done && i.Success, Preview(i), i.PromptTokens, i.CompletionTokens))]);
        return TypedResults.Json(detail, DashboardJson.Default.BatchDetail);
    }

    /// <summary>A finished batch's Workers AI poll answer (<c>format=json</c>) or one response per line (<c>jsonl</c>).</summary>
    private static async Task<IResult> ResultsAsync(HttpContext http, IAugurStore store, string id, string? format)
    {
        string account = DashboardSession.AccountId(http);
        if (await store.Batches.GetAsync(account, id, http.RequestAborted).ConfigureAwait(false) is not BatchSummary summary)
            return NotFound(id);
        if (!summary.IsFinished)
            return TypedResults.Json(new DashboardError("The batch has not finished yet."), DashboardJson.Default.DashboardError, statusCode: StatusCodes.Status409Conflict);
        BatchResponses responses = WorkersBatchApi.Responses(await store.Batches.ItemsAsync(account, id, http.RequestAborted).ConfigureAwait(false));
        if (string.Equals(format, "jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var lines = new StringBuilder();
            foreach (BatchResponse response in responses.Responses)
                lines.Append(JsonSerializer.Serialize(response, BatchJsonContext.Relaxed.BatchResponse)).Append('\n');
            return TypedResults.File(Encoding.UTF8.GetBytes(lines.ToString()), "application/x-ndjson", $"batch-{id}.jsonl");
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(Envelope<BatchResponses>.Ok(responses), BatchJsonContext.Relaxed.EnvelopeBatchResponses);
        return TypedResults.File(json, "application/json", $"batch-{id}.json");
    }

    /// <summary>One item per non-empty line of <c>prompts</c>, each <c>{"prompt":…,"max_tokens":…}</c> with external reference <c>"line-N"</c>.</summary>
    private static async Task<IResult> SubmitAsync(HttpContext http, TextGenerator generator, BatchQueue queue)
    {
        BatchSubmitRequest body = await DashboardApi.ReadAsync(http, DashboardJson.Default.BatchSubmitRequest).ConfigureAwait(false);
        CatalogEntry entry = generator.Resolve(body.Model ?? "");
        string[] prompts = (body.Prompts ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (prompts.Length == 0)
            throw ApiException.BadInput("Write at least one prompt, one per line.");
        int maxTokens = body.MaxTokens ?? DefaultMaxTokens;
        if (maxTokens < 1)
            throw ApiException.BadInput("Max tokens must be at least 1.");
        var items = new List<NewBatchItem>(prompts.Length);
        for (int i = 0; i < prompts.Length; i++)
        {
            string reference = JsonSerializer.Serialize($"line-{i + 1}", DashboardJson.Default.String);
            string input = JsonSerializer.Serialize(new BatchPromptItem(prompts[i], maxTokens), DashboardJson.Default.BatchPromptItem);
            items.Add(new NewBatchItem(input, reference));
        }
        string id = await queue.SubmitAsync(DashboardSession.AccountId(http), entry, items, BatchKinds.WorkersAi, null, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(new BatchSubmitted(id), DashboardJson.Default.BatchSubmitted);
    }

    private static BatchView View(BatchSummary s) =>
        new(s.Id, s.Model, s.Kind, s.Status, s.CreatedAt, s.CompletedAt, s.Total, s.Succeeded + s.Failed, s.Failed, s.Cancelled);

    private static IResult NotFound(string id) =>
        TypedResults.Json(new DashboardError($"No batch {id}."), DashboardJson.Default.DashboardError, statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// The start of an item's answer or error message, whatever API made it: Workers AI's <c>response</c> or
    /// <c>[{code,message}]</c>, OpenAI's <c>choices[0].message.content</c>, <c>choices[0].text</c> or
    /// <c>{status, body:{error:{message}}}</c>; otherwise the stored JSON itself. Null before the item has a result.
    /// </summary>
    private static string? Preview(BatchItemState item)
    {
        if (item.Result is null)
            return null;
        string text = item.Result;
        try
        {
            using JsonDocument document = JsonDocument.Parse(item.Result);
            JsonElement root = document.RootElement;
            text = Text(root, "response")
                ?? Text(First(Member(root, "choices")) is JsonElement choice ? Member(choice, "message") : null, "content")
                ?? Text(First(Member(root, "choices")), "text")
                ?? Text(First(root), "message")
                ?? Text(Member(Member(root, "body"), "error"), "message")
                ?? Text(Member(root, "error"), "message")
                ?? item.Result;
        }
        catch (JsonException)
        {
            // not JSON: shown as stored
        }
        return text.Length <= PreviewChars ? text : string.Concat(text.AsSpan(0, PreviewChars), "…");
    }

    private static JsonElement? Member(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out JsonElement value) ? value : null;

    private static JsonElement? First(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } e && e.GetArrayLength() > 0 ? e[0] : null;

    private static string? Text(JsonElement? element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
