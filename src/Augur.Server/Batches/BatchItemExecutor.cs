using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Json;
using Augur.Server.Metering;
using Augur.Server.Storage;

namespace Augur.Server.Batches;

/// <summary>
/// Runs one claimed item: reads it as a normal <c>/ai/run</c> input (an OpenAI batch's line as a request to its
/// endpoint, see <see cref="OpenAiBatchItem"/>), checks the account's quota as an interactive
/// request would, generates at batch priority, and returns its outcome with its priced usage. A bad input, a quota
/// refusal or an engine failure is an error of this item alone. Null when it should go back to the queue (the engine
/// was full, or this node is stopping).
/// </summary>
internal sealed class BatchItemExecutor(TextGenerator generator, UsageMeter meter, TimeProvider time)
{
    /// <summary>The name of the <see cref="DiagnosticListener"/> that reports each item the engine finished (a <see cref="BatchItemRun"/>).</summary>
    public const string DiagnosticName = "Augur.Server.Batches";

    /// <summary>The event written to it when an item's generation completed.</summary>
    public const string ItemCompletedEvent = "ItemCompleted";

    private static readonly DiagnosticListener Diagnostics = new(DiagnosticName);

    /// <summary>Workers AI's defaults for a batch item, as for <c>/ai/run</c>: 256 tokens at temperature 0.6.</summary>
    private const int DefaultMaxTokens = 256;
    private const float DefaultTemperature = 0.6f;

    public async Task<(BatchItemOutcome Outcome, UsageRecord? Usage)?> RunAsync(ClaimedBatchItem item, string node, CancellationToken cancellationToken)
    {
        if (!generator.Catalog.TryFind(item.Model, out CatalogEntry? entry))
            return Failure(item, node, new ApiException(WorkersAiError.NoSuchModel, $"No such model {item.Model} or task"));
        try
        {
            bool openAi = item.Kind == BatchKinds.OpenAi;
            (GenerationInput input, bool chat, int? maxTokens) = openAi ? OpenAiBatchItem.Read(item.Input) : (ReadRun(item.Input, entry), false, DefaultMaxTokens);
            await meter.EnsureAllowedAsync(item.AccountId, entry, cancellationToken).ConfigureAwait(false);
            long started = time.GetTimestamp();
            (IAsyncEnumerable<GenerationEvent> events, _) = await generator.SubmitBatchItemAsync(item.AccountId, entry, input, maxTokens, cancellationToken).ConfigureAwait(false);

            var text = new StringBuilder();
            double? firstToken = null;
            await foreach (GenerationEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (e is GenerationDelta delta)
                {
                    text.Append(delta.Text);
                    if (delta.Tokens.Count > 0)
                        firstToken ??= time.GetElapsedTime(started).TotalMilliseconds;
                }
                else if (e is GenerationCompleted completed)
                {
                    if (completed.FinishReason == FinishReason.Cancelled)
                        return null; // this node is stopping: the item goes back to the queue
                    if (completed.FinishReason == FinishReason.Error)
                        return Failure(item, node, new ApiException(WorkersAiError.Internal, $"The generation failed: {completed.Error}"));
                    GenerationUsage usage = completed.Usage;
                    if (Diagnostics.IsEnabled(ItemCompletedEvent))
                        Diagnostics.Write(ItemCompletedEvent, new BatchItemRun(item, usage));
                    string result = openAi
                        ? OpenAiBatchItem.Body(chat, entry.Name, text.ToString(), completed, time.GetUtcNow())
                        : JsonSerializer.Serialize(new RunResult(text.ToString(), GenerationResults.ToUsage(usage)), ServerJson.Context.RunResult);
                    UsageRecord record = await meter.PriceAsync(item.AccountId, entry, usage.PromptTokens, usage.CachedPromptTokens, usage.CompletionTokens,
                        firstToken, time.GetElapsedTime(started).TotalMilliseconds, UsageStatus.Success).ConfigureAwait(false);
                    return (new BatchItemOutcome(item.BatchId, item.Index, true, result, usage.PromptTokens, usage.CompletionTokens, node, time.GetUtcNow()), record);
                }
            }
            return null;
        }
        catch (ApiException e) when (e.Error == WorkersAiError.OutOfCapacity)
        {
            return null;
        }
        catch (ApiException e)
        {
            return Failure(item, node, e);
        }
        catch (JsonException e)
        {
            return Failure(item, node, ApiException.BadInput($"Request body is not valid JSON: {e.Message}"));
        }
    }

    private static GenerationInput ReadRun(string json, CatalogEntry entry)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return InputReader.ReadRun(document.RootElement, entry.InputSchema, DefaultTemperature) with { Stream = false };
    }

    /// <summary>A failed item: Workers AI's <c>[{code,message}]</c>, or for an OpenAI line the status and error body it answers with.</summary>
    private (BatchItemOutcome, UsageRecord?) Failure(ClaimedBatchItem item, string node, ApiException error)
    {
        string errors = item.Kind == BatchKinds.OpenAi
            ? OpenAiBatchItem.Failure(error)
            : JsonSerializer.Serialize(new List<EnvelopeError> { new(error.Error.Code, error.Message) }, BatchJsonContext.Relaxed.ListEnvelopeError);
        return (new BatchItemOutcome(item.BatchId, item.Index, false, errors, 0, 0, node, time.GetUtcNow()), null);
    }
}

/// <summary>What <see cref="BatchItemExecutor"/> reports for an item the engine finished: the item and the engine's usage (with its submission and admission order).</summary>
internal sealed record BatchItemRun(ClaimedBatchItem Item, GenerationUsage Usage);
