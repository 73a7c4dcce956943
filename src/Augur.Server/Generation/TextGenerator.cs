using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Server.Accounts;
using Augur.Server.Catalog;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Augur.Server.Metering;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Generation;

/// <summary>
/// The part every route shares: finds the model, builds the prompt, checks it against the context window, and submits
/// it to the model's engine, turning the engine's refusals into documented errors.
/// </summary>
internal sealed class TextGenerator(ModelHost host, UsageMeter meter, AugurServerOptions options, TimeProvider time, Finetunes.FinetuneService finetunes)
{
    private readonly PromptBuilder _prompts = new();

    public ModelCatalog Catalog => host.Catalog;

    /// <summary>The catalog entry named <paramref name="name"/> (percent-decoded); 3042 for a malformed name, 5007 for an unknown one.</summary>
    public CatalogEntry Resolve(string name)
    {
        string decoded = ModelNames.FromPath(name);
        if (host.Catalog.TryFind(decoded, out CatalogEntry? entry))
            return entry;
        if (!ModelNames.IsWellFormed(decoded))
            throw new ApiException(WorkersAiError.InvalidModelName, "The model name is invalid");
        throw new ApiException(WorkersAiError.NoSuchModel, $"No such model {decoded} or task");
    }

    /// <summary>
    /// Submits <paramref name="input"/> for the request's account, metered: 3036 when a free account has used up its
    /// day, and a usage record when the generation ends. <paramref name="defaultMaxTokens"/> (null = the rest of the
    /// context) applies when the input names no limit; either way the answer is cut to the context window, but an
    /// explicit limit that does not fit is a 3006, as Workers AI's context-window rule says. A generation that runs past
    /// <see cref="AugurServerOptions.RequestTimeoutSeconds"/> is cancelled, and its events end in 3007.
    /// <paramref name="customize"/> may change the engine request (the dashboard's speculation choice and log-probabilities).
    /// </summary>
    public async Task<IAsyncEnumerable<GenerationEvent>> SubmitAsync(HttpContext http, CatalogEntry entry, GenerationInput input, int? defaultMaxTokens,
        Func<GenerationRequest, GenerationRequest>? customize = null)
    {
        (AugurEngine engine, GenerationRequest request) = Prepare(entry, input, defaultMaxTokens, RequestPriority.Interactive);
        request = customize?.Invoke(request) ?? request;
        string account = MeteredAccount(http);
        if (input.Lora is not null) // the account's finetune by id or name; its prefix cache is its own
            request = request with { Adapter = await finetunes.ResolveAsync(account, entry, input.Lora, http.RequestAborted).ConfigureAwait(false) };
        await meter.EnsureAllowedAsync(account, entry, http.RequestAborted).ConfigureAwait(false);
        var deadline = RequestDeadline.Start(http.RequestAborted, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), time);
        IAsyncEnumerable<GenerationEvent> events;
        try
        {
            events = engine.Submit(request, deadline.Token);
        }
        catch (EngineOverloadedException)
        {
            deadline.Dispose();
            throw new ApiException(WorkersAiError.OutOfCapacity, "Capacity temporarily exceeded, please try again.");
        }
        catch (ArgumentException e)
        {
            deadline.Dispose();
            throw ApiException.BadInput($"Invalid input: {e.Message}");
        }
        return deadline.WatchAsync(meter.MeterAsync(account, entry, request.PromptTokens.Count, events, http.RequestAborted));
    }

    /// <summary>
    /// Submits a batch item at <see cref="RequestPriority.Batch"/>: it runs in the capacity interactive work leaves and
    /// is preempted first. Not metered here: the batch runner stores the item's usage with its result. Throws like
    /// <see cref="SubmitAsync"/> (3040 when the engine's queue is full); a <c>lora</c> is <paramref name="accountId"/>'s finetune.
    /// </summary>
    public async Task<(IAsyncEnumerable<GenerationEvent> Events, int PromptTokens)> SubmitBatchItemAsync(
        string accountId, CatalogEntry entry, GenerationInput input, int? defaultMaxTokens, CancellationToken cancellationToken)
    {
        (AugurEngine engine, GenerationRequest request) = Prepare(entry, input, defaultMaxTokens, RequestPriority.Batch);
        if (input.Lora is not null)
            request = request with { Adapter = await finetunes.ResolveAsync(accountId, entry, input.Lora, cancellationToken).ConfigureAwait(false) };
        try
        {
            return (engine.Submit(request, cancellationToken), request.PromptTokens.Count);
        }
        catch (EngineOverloadedException)
        {
            throw new ApiException(WorkersAiError.OutOfCapacity, "Capacity temporarily exceeded, please try again.");
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadInput($"Invalid input: {e.Message}");
        }
    }

    /// <summary>The account a request is metered to: the one in its path, else its token's.</summary>
    internal static string MeteredAccount(HttpContext http) =>
        http.Request.RouteValues.TryGetValue(ApiAuthFilter.AccountRouteValue, out object? account) && account is string id
            ? id
            : (http.Items[typeof(ApiPrincipal)] as ApiPrincipal)?.AccountId ?? ApiPrincipal.Development.AccountId;

    private (AugurEngine Engine, GenerationRequest Request) Prepare(CatalogEntry entry, GenerationInput input, int? defaultMaxTokens, RequestPriority priority)
    {
        if (input.Lora is not null && !entry.Capabilities.Lora)
            throw new ApiException(WorkersAiError.LoraUnsupported, $"The model {entry.Name} does not support LoRa inference");

        AugurEngine engine = host.Engine(entry);
        int[] prompt = _prompts.Build(entry, engine.Tokenizer, input);
        int context = engine.ContextLength;
        int room = context - prompt.Length;
        if (room < 1)
            throw new ApiException(WorkersAiError.TooLarge, $"Request is too large: the prompt has {prompt.Length} tokens and the context window of {entry.Name} is {context}.");
        if (input.MaxTokens is long asked && asked > room)
            throw new ApiException(WorkersAiError.TooLarge, $"Request is too large: the prompt ({prompt.Length} tokens) and max_tokens ({asked}) exceed the context window of {context} tokens.");

        var request = new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = (int)Math.Min(input.MaxTokens ?? defaultMaxTokens ?? room, room),
            Sampling = Sampling(input),
            Stop = input.Stop,
            Priority = priority,
        };
        return (engine, request);
    }

    /// <summary>
    /// The engine's sampling options. Workers AI allows a repetition penalty of 0, which the engine cannot divide by: 0 is
    /// off. A top_p of 0 (OpenAI allows it) keeps only the most likely token.
    /// </summary>
    private static SamplingOptions Sampling(GenerationInput input) => new()
    {
        Temperature = input.Temperature,
        TopP = input.TopP is float p ? Math.Clamp(p, 1e-6f, 1f) : 1f,
        TopK = input.TopK ?? 0,
        RepetitionPenalty = input.RepetitionPenalty is float r && r > 0 ? r : 1f,
        FrequencyPenalty = input.FrequencyPenalty ?? 0,
        PresencePenalty = input.PresencePenalty ?? 0,
        Seed = input.Seed,
    };
}
