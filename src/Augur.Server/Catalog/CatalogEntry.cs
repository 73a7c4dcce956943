using Json.Schema;

namespace Augur.Server.Catalog;

/// <summary>One model the server offers: what the catalog routes show, and the file the engine runs.</summary>
public sealed record CatalogEntry
{
    /// <summary>The Workers AI task of every entry so far.</summary>
    public const string TextGeneration = "Text Generation";

    /// <summary>The name requests use (<c>@cf/…</c> or <c>@local/…</c>).</summary>
    public required string Name { get; init; }

    /// <summary>A UUID derived from the name (stable across starts).</summary>
    public Guid Id => ModelNames.IdFor(Name);

    /// <summary>The GGUF file or llama2.c checkpoint.</summary>
    public required string File { get; init; }

    /// <summary>The llama2.c tokenizer beside a checkpoint; null for GGUF.</summary>
    public string? Tokenizer { get; init; }

    public string Task { get; init; } = TextGeneration;

    public required string Description { get; init; }

    /// <summary>Most tokens of prompt and answer together (the engine's context length).</summary>
    public int ContextWindow { get; init; }

    /// <summary>USD per million input tokens.</summary>
    public decimal PriceInputPerMillion { get; init; }

    /// <summary>USD per million output tokens.</summary>
    public decimal PriceOutputPerMillion { get; init; }

    public ModelCapabilities Capabilities { get; init; } = new();

    /// <summary>The model's Jinja chat template, or null (messages are then joined as plain lines).</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>When the file was last written (the catalog's <c>created_at</c>).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The JSON Schema of <c>/ai/run</c>'s input for this model, as text.</summary>
    public required string InputSchemaJson { get; init; }

    /// <summary>The same schema, compiled for validation.</summary>
    public required JsonSchema InputSchema { get; init; }
}

/// <summary>What a model supports beyond plain generation. Later slices wire LoRA, batch and speculation.</summary>
/// <param name="Lora">Accepts <c>lora</c> adapters (otherwise a request with one gets 5005).</param>
/// <param name="Batch">Accepts the async batch API (<c>?queueRequest=true</c>).</param>
/// <param name="SpeculativeMethod">"draft", "ngram", or null for none.</param>
/// <param name="Draft">The draft model's name, for <c>draft</c>.</param>
/// <param name="Beta">Shown as beta.</param>
public sealed record ModelCapabilities(bool Lora = false, bool Batch = false, string? SpeculativeMethod = null, string? Draft = null, bool Beta = false);
