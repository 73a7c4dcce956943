using System.Text;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Errors;
using Augur.Server.Json;

namespace Augur.Server.Generation;

/// <summary>Helpers that turn the engine's events into what the routes answer.</summary>
internal static class GenerationResults
{
    /// <summary>Reads a whole generation: its text and its last event. An engine failure is a 3000.</summary>
    public static async Task<(string Text, GenerationCompleted Completed)> CollectAsync(IAsyncEnumerable<GenerationEvent> events)
    {
        var text = new StringBuilder();
        await foreach (GenerationEvent e in events.ConfigureAwait(false))
        {
            switch (e)
            {
                case GenerationDelta delta:
                    text.Append(delta.Text);
                    break;
                case GenerationCompleted completed:
                    if (completed.FinishReason == FinishReason.Error)
                        throw new ApiException(WorkersAiError.Internal, $"The generation failed: {completed.Error}");
                    return (text.ToString(), completed);
            }
        }
        throw new ApiException(WorkersAiError.Internal, "The generation ended without completing.");
    }

    public static Usage ToUsage(GenerationUsage usage) =>
        new(usage.PromptTokens, usage.CompletionTokens, usage.PromptTokens + usage.CompletionTokens, new PromptTokensDetails(usage.CachedPromptTokens));

    /// <summary>OpenAI's <c>finish_reason</c>.</summary>
    public static string FinishReasonOf(FinishReason reason) => reason == FinishReason.Length ? "length" : "stop";
}
