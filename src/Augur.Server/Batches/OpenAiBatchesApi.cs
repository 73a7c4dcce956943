using System.Text.Json;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Batches;

/// <summary>
/// OpenAI's <c>/v1/batches</c>: create (<c>input_file_id</c>, <c>endpoint</c> <c>/v1/chat/completions</c> or
/// <c>/v1/completions</c>, <c>completion_window</c> <c>24h</c>, optional <c>metadata</c>), retrieve, list (<c>after</c>,
/// <c>limit</c> 1 to 100, default 20) and cancel. Another account's batch is not found.
/// </summary>
internal static class OpenAiBatchesApi
{
    public static IEndpointRouteBuilder MapOpenAiBatches(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/batches", Create);
        v1.MapGet("/batches", List);
        v1.MapGet("/batches/{batch_id}", Get);
        v1.MapPost("/batches/{batch_id}/cancel", Cancel);
        return v1;
    }

    private static async Task<IResult> Create(HttpContext http, OpenAiBatchService batches, AugurServerOptions options)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(http.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        JsonElement root = body.RootElement;
        string inputFileId = String(root, "input_file_id") ?? throw Missing("input_file_id");
        string endpoint = String(root, "endpoint") ?? throw Missing("endpoint");
        if (!OpenAiBatchInput.IsEndpoint(endpoint))
            throw ApiException.BadInput($"The endpoint {endpoint} is not supported; use {OpenAiBatchInput.ChatEndpoint} or {OpenAiBatchInput.CompletionsEndpoint}.");
        if (String(root, "completion_window") != OpenAiBatchService.CompletionWindow)
            throw ApiException.BadInput("The completion_window must be 24h.");
        JsonElement? metadata = null;
        if (root.TryGetProperty("metadata", out JsonElement given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Object || given.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                throw ApiException.BadInput("The metadata must be an object of strings.");
            metadata = given.Clone();
        }
        OpenAiBatchObject batch = await batches.CreateAsync(TextGenerator.MeteredAccount(http), inputFileId, endpoint, metadata, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(batch, OpenAiBatchJsonContext.Default.OpenAiBatchObject);
    }

    private static async Task<IResult> Get(HttpContext http, OpenAiBatchService batches, string batch_id) =>
        TypedResults.Json(await batches.GetAsync(TextGenerator.MeteredAccount(http), batch_id, http.RequestAborted).ConfigureAwait(false),
            OpenAiBatchJsonContext.Default.OpenAiBatchObject);

    private static async Task<IResult> List(HttpContext http, OpenAiBatchService batches, string? after, int? limit)
    {
        if (limit is < 1 or > 100)
            throw ApiException.BadInput("The limit must be from 1 to 100.");
        OpenAiBatchList page = await batches.ListAsync(TextGenerator.MeteredAccount(http), after, limit ?? 20, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(page, OpenAiBatchJsonContext.Default.OpenAiBatchList);
    }

    private static async Task<IResult> Cancel(HttpContext http, OpenAiBatchService batches, string batch_id) =>
        TypedResults.Json(await batches.CancelAsync(TextGenerator.MeteredAccount(http), batch_id, http.RequestAborted).ConfigureAwait(false),
            OpenAiBatchJsonContext.Default.OpenAiBatchObject);

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ApiException Missing(string name) => ApiException.BadInput($"Missing required parameter: '{name}'.");
}
