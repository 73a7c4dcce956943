using Augur.Engine.Lora;
using Augur.Engine.Sampling;
using Augur.Engine.Speculative;

namespace Augur.Engine.Requests;

/// <summary>One sequence to generate: its prompt as token ids, when to stop, how to sample, and how urgent it is.</summary>
public sealed record GenerationRequest
{
    /// <summary>The prompt, already rendered and encoded (BOS included if the model wants one). At least one token.</summary>
    public required IReadOnlyList<int> PromptTokens { get; init; }

    /// <summary>The most tokens to generate; fewer when the context fills first. At least 1; default 256.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>How each token is picked. Default greedy.</summary>
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Strings that end the generation when they appear in the text; they are not part of the output.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Default <see cref="RequestPriority.Interactive"/>.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;

    /// <summary>
    /// The prefix cache namespace: sequences share cached KV blocks only within one namespace. Put everything that
    /// changes the keys and values (the LoRA adapter) or must stay apart (a tenant's cache salt) in it. Default "".
    /// </summary>
    public string CacheNamespace { get; init; } = "";

    /// <summary>How this request speculates; null (the default) takes the engine's <see cref="EngineOptions.Speculation"/>.</summary>
    public SpeculativeOptions? Speculation { get; init; }

    /// <summary>
    /// The LoRA adapter every token of this sequence runs with (its deltas added inside the shared batched pass), or
    /// null (the default) for the base model. The prefix cache keeps sequences of different adapters apart.
    /// </summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>
    /// Report each generated token's log-probability under the model (<see cref="GenerationDelta.Logprobs"/>): quality
    /// comparisons between variants of a model. Costs one pass over the vocabulary per token. Default false.
    /// </summary>
    public bool Logprobs { get; init; }

    /// <summary>Keep generating past end-of-generation tokens (benchmarks). Default false.</summary>
    public bool IgnoreEndOfGeneration { get; init; }
}
