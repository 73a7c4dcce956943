namespace Augur.Models.ChatTemplates;

/// <summary>
/// The variables a chat template renders with, as in Hugging Face's <c>apply_chat_template</c>:
/// <c>messages</c>, <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>, <c>tools</c>, plus any extras.
/// </summary>
public sealed record ChatTemplateContext
{
    /// <summary>The conversation, oldest first.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Whether to end with the header that opens an assistant turn. Default false.</summary>
    public bool AddGenerationPrompt { get; init; }

    /// <summary>The model's beginning-of-sequence text, e.g. "&lt;s&gt;". Default empty.</summary>
    public string BosToken { get; init; } = "";

    /// <summary>The model's end-of-sequence text, e.g. "&lt;/s&gt;". Default empty.</summary>
    public string EosToken { get; init; } = "";

    /// <summary>
    /// Tool definitions (usually <c>{"type": "function", "function": {...}}</c>) as JSON-like values:
    /// <see cref="IReadOnlyDictionary{TKey,TValue}"/>/<see cref="IDictionary{TKey,TValue}"/> with string keys, lists,
    /// strings, numbers, bools, null, or <see cref="System.Text.Json.JsonElement"/>/<see cref="System.Text.Json.Nodes.JsonNode"/>.
    /// Null (the default) leaves <c>tools</c> undefined.
    /// </summary>
    public IReadOnlyList<object?>? Tools { get; init; }

    /// <summary>The clock <c>strftime_now(format)</c> reads, so renders are reproducible. Default: the time of the render (UTC).</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Further top-level variables (JSON-like values, converted as <see cref="Tools"/>), e.g. <c>date_string</c>.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
}
