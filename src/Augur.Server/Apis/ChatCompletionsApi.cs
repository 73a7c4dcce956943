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

/// <summary>
/// OpenAI's <c>POST …/v1/chat/completions</c>, streamed or not, served both under Workers AI's <c>/ai/v1</c> (with
/// envelope errors) and at the root (with OpenAI errors). Defaults are OpenAI's: temperature 1, and an answer that
/// may fill the rest of the context.
/// </summary>
internal static class ChatCompletionsApi
{
    private const float DefaultTemperature = 1f;

    public static IEndpointRouteBuilder MapChatCompletions(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/chat/completions", Create);
        return v1;
    }

    private static async Task<IResult> Create(HttpContext http, [AsParameters] ApiServices services)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(http.Request, services.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        (string model, GenerationInput input) = InputReader.ReadChat(body.RootElement, DefaultTemperature);
        CatalogEntry entry = services.Generator.Resolve(model);
        IAsyncEnumerable<GenerationEvent> events = await services.Generator.SubmitAsync(http, entry, input, null).ConfigureAwait(false);
        string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        long created = services.Time.GetUtcNow().ToUnixTimeSeconds();

        if (input.Stream)
        {
            await StreamAsync(http, events, id, created, entry.Name, input.IncludeUsage).ConfigureAwait(false);
            return Results.Empty;
        }
        (string text, GenerationCompleted completed) = await GenerationResults.CollectAsync(events).ConfigureAwait(false);
        if (completed.FinishReason == FinishReason.Cancelled)
            return Results.Empty;
        var choice = new ChatChoice(0, new ChatMessageOut("assistant", text), null, GenerationResults.FinishReasonOf(completed.FinishReason));
        var completion = new ChatCompletion(id, "chat.completion", created, entry.Name, [choice], GenerationResults.ToUsage(completed.Usage));
        return TypedResults.Json(completion, ServerJson.Context.ChatCompletion);
    }

    /// <summary>A role chunk, a chunk per piece of text, a chunk with the finish reason, the usage chunk when asked, and [DONE].</summary>
    private static async Task StreamAsync(HttpContext http, IAsyncEnumerable<GenerationEvent> events, string id, long created, string model, bool includeUsage)
    {
        CancellationToken aborted = http.RequestAborted;
        using var sse = SseWriter.Start(http.Response);
        try
        {
            await sse.WriteAsync(Chunk(new ChunkDelta("assistant", ""), null), ServerJson.Context.ChatChunk, aborted).ConfigureAwait(false);
            await foreach (GenerationEvent e in events.ConfigureAwait(false))
            {
                if (e is GenerationDelta { Text.Length: > 0 } delta)
                {
                    await sse.WriteAsync(Chunk(new ChunkDelta(null, delta.Text), null), ServerJson.Context.ChatChunk, aborted).ConfigureAwait(false);
                }
                else if (e is GenerationCompleted completed)
                {
                    if (completed.FinishReason is FinishReason.Error or FinishReason.Cancelled)
                        return;
                    await sse.WriteAsync(Chunk(new ChunkDelta(null, null), GenerationResults.FinishReasonOf(completed.FinishReason)), ServerJson.Context.ChatChunk, aborted).ConfigureAwait(false);
                    if (includeUsage)
                    {
                        var usage = new ChatChunk(id, "chat.completion.chunk", created, model, [], GenerationResults.ToUsage(completed.Usage));
                        await sse.WriteAsync(usage, ServerJson.Context.ChatChunk, aborted).ConfigureAwait(false);
                    }
                    await sse.WriteDoneAsync(aborted).ConfigureAwait(false);
                    return;
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

        ChatChunk Chunk(ChunkDelta delta, string? finishReason) =>
            new(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, delta, null, finishReason)], null);
    }
}
