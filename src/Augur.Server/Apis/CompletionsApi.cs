using System.Text.Json;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Hosting;
using Augur.Server.Json;
using Augur.Server.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Apis;

/// <summary>OpenAI's legacy <c>POST /v1/completions</c>: a raw prompt continued, 16 tokens by default as OpenAI does.</summary>
internal static class CompletionsApi
{
    private const int DefaultMaxTokens = 16;
    private const float DefaultTemperature = 1f;

    public static IEndpointRouteBuilder MapCompletions(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/completions", Create);
        return v1;
    }

    private static async Task<IResult> Create(HttpContext http, [AsParameters] ApiServices services)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(http.Request, services.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        (string model, GenerationInput input) = InputReader.ReadCompletion(body.RootElement, DefaultTemperature);
        CatalogEntry entry = services.Generator.Resolve(model);
        IAsyncEnumerable<GenerationEvent> events = await services.Generator.SubmitAsync(http, entry, input, DefaultMaxTokens).ConfigureAwait(false);
        string id = "cmpl-" + Guid.NewGuid().ToString("N");
        long created = services.Time.GetUtcNow().ToUnixTimeSeconds();

        if (!input.Stream)
        {
            (string text, GenerationCompleted done) = await GenerationResults.CollectAsync(events).ConfigureAwait(false);
            if (done.FinishReason == FinishReason.Cancelled)
                return Results.Empty;
            var completion = new TextCompletion(id, "text_completion", created, entry.Name,
                [new TextChoice(text, 0, null, GenerationResults.FinishReasonOf(done.FinishReason))], GenerationResults.ToUsage(done.Usage));
            return TypedResults.Json(completion, ServerJson.Context.TextCompletion);
        }

        CancellationToken aborted = http.RequestAborted;
        using var sse = SseWriter.Start(http.Response);
        try
        {
            await foreach (GenerationEvent e in events.ConfigureAwait(false))
            {
                if (e is GenerationDelta { Text.Length: > 0 } delta)
                {
                    await sse.WriteAsync(Chunk(delta.Text, null, null), ServerJson.Context.TextCompletion, aborted).ConfigureAwait(false);
                }
                else if (e is GenerationCompleted completed)
                {
                    if (completed.FinishReason is FinishReason.Error or FinishReason.Cancelled)
                        break;
                    await sse.WriteAsync(Chunk("", GenerationResults.FinishReasonOf(completed.FinishReason), input.IncludeUsage ? GenerationResults.ToUsage(completed.Usage) : null),
                        ServerJson.Context.TextCompletion, aborted).ConfigureAwait(false);
                    await sse.WriteDoneAsync(aborted).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The client disconnected; the sequence is cancelled as the enumeration ends.
        }
        catch (ApiException e) when (http.Response.HasStarted)
        {
            await sse.WriteErrorAsync(e, aborted).ConfigureAwait(false); // the headers are out: the error is the last event
        }
        return Results.Empty;

        TextCompletion Chunk(string text, string? finishReason, Json.Usage? usage) =>
            new(id, "text_completion", created, entry.Name, [new TextChoice(text, 0, null, finishReason)], usage);
    }
}
