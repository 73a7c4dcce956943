using System.Text.Json;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Batches;
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

/// <summary>Workers AI's <c>POST …/ai/run/{model}</c>: one generation, as a v4 envelope or as server-sent events.</summary>
internal static class RunApi
{
    /// <summary>Workers AI's defaults: 256 tokens at temperature 0.6.</summary>
    private const int DefaultMaxTokens = 256;
    private const float DefaultTemperature = 0.6f;

    public static IEndpointRouteBuilder MapRun(this IEndpointRouteBuilder ai)
    {
        ai.MapPost("/run/{**model}", Run);
        return ai;
    }

    private static async Task<IResult> Run(string model, HttpContext http, [AsParameters] ApiServices services)
    {
        CatalogEntry entry = services.Generator.Resolve(model);
        using JsonDocument body = await RequestBody.ReadObjectAsync(http.Request, services.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (WorkersBatchApi.IsBatchCall(http.Request, body.RootElement))
            return await WorkersBatchApi.HandleAsync(http, entry, body.RootElement).ConfigureAwait(false);
        GenerationInput input = InputReader.ReadRun(body.RootElement, entry.InputSchema, DefaultTemperature);
        IAsyncEnumerable<GenerationEvent> events = await services.Generator.SubmitAsync(http, entry, input, DefaultMaxTokens).ConfigureAwait(false);

        if (input.Stream)
        {
            await StreamAsync(http, events).ConfigureAwait(false);
            return Results.Empty;
        }
        (string text, GenerationCompleted completed) = await GenerationResults.CollectAsync(events).ConfigureAwait(false);
        if (completed.FinishReason == FinishReason.Cancelled)
            return Results.Empty; // the client went away
        var result = new RunResult(text, GenerationResults.ToUsage(completed.Usage));
        return TypedResults.Json(Envelope<RunResult>.Ok(result), ServerJson.Context.EnvelopeRunResult);
    }

    /// <summary>
    /// <c>data: {"response":"…","p":"…"}</c> per piece of text, then <c>data: {"response":"","usage":{…}}</c>, then
    /// <c>data: [DONE]</c>. A failed or cancelled generation ends the stream without <c>[DONE]</c>.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, IAsyncEnumerable<GenerationEvent> events)
    {
        CancellationToken aborted = http.RequestAborted;
        using var sse = SseWriter.Start(http.Response);
        try
        {
            await foreach (GenerationEvent e in events.ConfigureAwait(false))
            {
                if (e is GenerationDelta { Text.Length: > 0 } delta)
                {
                    await sse.WriteAsync(new RunStreamDelta(delta.Text, StreamPadding.For(delta.Text.Length)), ServerJson.Context.RunStreamDelta, aborted).ConfigureAwait(false);
                }
                else if (e is GenerationCompleted completed)
                {
                    if (completed.FinishReason is FinishReason.Error or FinishReason.Cancelled)
                        return;
                    await sse.WriteAsync(new RunStreamUsage("", GenerationResults.ToUsage(completed.Usage)), ServerJson.Context.RunStreamUsage, aborted).ConfigureAwait(false);
                    await sse.WriteDoneAsync(aborted).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The client disconnected: leaving the loop cancels the sequence and frees its KV blocks.
        }
        catch (ApiException e) when (http.Response.HasStarted)
        {
            await sse.WriteErrorAsync(e, aborted).ConfigureAwait(false); // the headers are out: the error is the last event
        }
    }
}
