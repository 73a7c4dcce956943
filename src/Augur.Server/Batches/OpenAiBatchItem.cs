using System.Text.Json;
using Augur.Engine.Requests;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Json;

namespace Augur.Server.Batches;

/// <summary>
/// One line of an OpenAI batch as the runner sees it: its body read as the same request sent to its endpoint would
/// be (OpenAI's defaults: temperature 1; 16 tokens for completions, the rest of the context for chat), never streamed;
/// its answer the same body that request would get.
/// </summary>
internal static class OpenAiBatchItem
{
    private const float DefaultTemperature = 1f;
    private const int CompletionsMaxTokens = 16;

    /// <summary>The line's input, whether it is a chat completion, and the default maximum of tokens (null = the rest of the context).</summary>
    public static (GenerationInput Input, bool Chat, int? DefaultMaxTokens) Read(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        bool chat = root.GetProperty("url").GetString() == OpenAiBatchInput.ChatEndpoint;
        JsonElement body = root.GetProperty("body");
        GenerationInput input = chat ? InputReader.ReadChat(body, DefaultTemperature).Input : InputReader.ReadCompletion(body, DefaultTemperature).Input;
        return (input with { Stream = false }, chat, chat ? null : CompletionsMaxTokens);
    }

    /// <summary>The <c>chat.completion</c> or <c>text_completion</c> body of a finished generation, as JSON.</summary>
    public static string Body(bool chat, string model, string text, GenerationCompleted completed, DateTimeOffset now)
    {
        long created = now.ToUnixTimeSeconds();
        string finish = GenerationResults.FinishReasonOf(completed.FinishReason);
        Usage usage = GenerationResults.ToUsage(completed.Usage);
        if (chat)
        {
            var choice = new ChatChoice(0, new ChatMessageOut("assistant", text), null, finish);
            return JsonSerializer.Serialize(new ChatCompletion("chatcmpl-" + Guid.NewGuid().ToString("N"), "chat.completion", created, model, [choice], usage),
                ServerJson.Context.ChatCompletion);
        }
        var completion = new TextCompletion("cmpl-" + Guid.NewGuid().ToString("N"), "text_completion", created, model, [new TextChoice(text, 0, null, finish)], usage);
        return JsonSerializer.Serialize(completion, ServerJson.Context.TextCompletion);
    }

    /// <summary>A failed line as stored: the status and OpenAI error body the same request would have got.</summary>
    public static string Failure(ApiException error)
    {
        int status = error.Error == WorkersAiError.NoSuchModel ? 404 : error.Error.Status;
        return JsonSerializer.Serialize(new OpenAiItemFailure(status, ErrorResults.OpenAiBody(error)), OpenAiBatchJsonContext.Default.OpenAiItemFailure);
    }
}
