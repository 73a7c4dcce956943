using System.Text.Json.Serialization;

namespace Augur.Server.Dashboard;

/// <summary>A batch as the Batches page lists it: <paramref name="Done"/> items have a result, <paramref name="Failed"/> of them an error.</summary>
internal sealed record BatchView(
    string Id,
    string Model,
    string Kind,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int Total,
    int Done,
    int Failed,
    int Cancelled);

/// <summary>One item of an opened batch: its reference (JSON as given), state, and the start of its answer or error.</summary>
internal sealed record BatchItemView(int Index, string? ExternalReference, string State, bool Success, string? Preview, int PromptTokens, int CompletionTokens);

/// <summary>An opened batch: its summary and its items by index.</summary>
internal sealed record BatchDetail(BatchView Batch, IReadOnlyList<BatchItemView> Items);

/// <summary>The page's submit form: a catalog model, one prompt per line, and each answer's token limit (default 64).</summary>
internal sealed record BatchSubmitRequest(string? Model, string? Prompts, int? MaxTokens);

/// <summary>One stored item of a batch the page submits (Workers AI's text-generation input).</summary>
internal sealed record BatchPromptItem(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("max_tokens")] int MaxTokens);

/// <summary>The answer to a submit: the new batch's id.</summary>
internal sealed record BatchSubmitted(string Id);

/// <summary>A finetune as the Finetunes page and the Playground's adapter picker show it.</summary>
internal sealed record FinetuneView(string Id, string Name, string Model, string? Description, DateTimeOffset CreatedAt, bool HasConfig, bool HasWeights);

/// <summary>The Finetunes page's create form.</summary>
internal sealed record FinetuneCreateRequest(string? Model, string? Name, string? Description);
