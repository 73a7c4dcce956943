using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Engine.Speculative;
using Augur.Models.ChatTemplates;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Dashboard;

/// <summary>
/// <c>POST /dashboard/api/playground/chat</c>: the Playground's chat, streamed as server-sent events through the same
/// generation path as the API routes (validation, context window, metering to the signed-in account): a
/// <see cref="PlaygroundDelta"/> per piece of text, then a <see cref="PlaygroundDone"/> with usage, speed and drafts.
/// </summary>
internal static class PlaygroundApi
{
    /// <summary>Without a choice, answers stop here (the Playground is for trying, not for books).</summary>
    private const int DefaultMaxTokens = 256;

    public static void MapPlayground(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup(DashboardSetup.ApiPrefix + "/playground").RequireAuthorization().RequireAntiforgery();
        group.MapPost("/chat", ChatAsync);
    }

    /// <summary>The engine's speculation for a choice: "off", "ngram", or anything else for the model's default.</summary>
    public static SpeculativeOptions? Speculation(string? choice) => choice switch
    {
        "off" => SpeculativeOptions.Off,
        "ngram" => new SpeculativeOptions { Method = SpeculativeMethod.Ngram },
        _ => null,
    };

    private static async Task ChatAsync(HttpContext http, TextGenerator generator)
    {
        PlaygroundRequest body = await DashboardApi.ReadAsync(http, DashboardJson.Default.PlaygroundRequest).ConfigureAwait(false);
        DashboardSession.ActAsAccount(http);
        CatalogEntry entry = generator.Resolve(body.Model ?? "");
        GenerationInput input = body.Raw || body.Messages is null
            ? new GenerationInput { Prompt = body.Prompt ?? "", Raw = body.Raw }
            : new GenerationInput { Messages = [.. body.Messages.Select(m => new ChatMessage(m.Role, m.Content))] };
        if (input.Prompt is { Length: 0 } || input.Messages is { Count: 0 })
            throw ApiException.BadInput("Write a message first.");
        input = input with
        {
            Temperature = body.Temperature ?? 0.7f,
            TopP = body.TopP,
            TopK = body.TopK,
            MaxTokens = body.MaxTokens ?? DefaultMaxTokens,
            Seed = body.Seed,
            Stream = true,
            Lora = string.IsNullOrEmpty(body.Lora) ? null : body.Lora,
        };
        SpeculativeOptions? speculation = Speculation(body.Speculation);
        IAsyncEnumerable<GenerationEvent> events = await generator.SubmitAsync(http, entry, input, DefaultMaxTokens,
            request => speculation is null ? request : request with { Speculation = speculation }).ConfigureAwait(false);

        CancellationToken aborted = http.RequestAborted;
        using var sse = SseWriter.Start(http.Response);
        try
        {
            await foreach (GenerationEvent e in events.ConfigureAwait(false))
            {
                if (e is GenerationDelta { Text.Length: > 0 } delta)
                {
                    await sse.WriteAsync(new PlaygroundDelta(delta.Text), DashboardJson.Default.PlaygroundDelta, aborted).ConfigureAwait(false);
                }
                else if (e is GenerationCompleted completed)
                {
                    await sse.WriteAsync(Done(completed), DashboardJson.Default.PlaygroundDone, aborted).ConfigureAwait(false);
                    await sse.WriteDoneAsync(aborted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The page went away; the sequence is cancelled as the enumeration ends.
        }
        catch (ApiException e)
        {
            await sse.WriteAsync(new DashboardError(e.Message), DashboardJson.Default.DashboardError, aborted).ConfigureAwait(false);
        }
    }

    private static PlaygroundDone Done(GenerationCompleted completed)
    {
        GenerationUsage u = completed.Usage;
        double seconds = u.DecodeTime.TotalSeconds;
        double speed = u.CompletionTokens > 1 && seconds > 0 ? (u.CompletionTokens - 1) / seconds : 0;
        string reason = completed.FinishReason switch
        {
            FinishReason.Length => "length",
            FinishReason.Error => "error",
            FinishReason.Cancelled => "cancelled",
            _ => "stop",
        };
        return new PlaygroundDone(reason, u.PromptTokens, u.CachedPromptTokens, u.CompletionTokens, u.TimeToFirstToken.TotalMilliseconds, speed,
            u.DraftedTokens, u.AcceptedDraftTokens);
    }
}
