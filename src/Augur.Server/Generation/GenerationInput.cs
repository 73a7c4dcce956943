using Augur.Models.ChatTemplates;

namespace Augur.Server.Generation;

/// <summary>A text-generation request as every route reads it: a prompt or messages, how much to generate, how to sample.</summary>
internal sealed record GenerationInput
{
    /// <summary>A single prompt (mutually exclusive with <see cref="Messages"/>).</summary>
    public string? Prompt { get; init; }

    /// <summary>A conversation (mutually exclusive with <see cref="Prompt"/>).</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Send the prompt as is, without the chat template.</summary>
    public bool Raw { get; init; }

    public bool Stream { get; init; }

    /// <summary>The answer's token limit as asked (may be huge), or null for the route's default.</summary>
    public long? MaxTokens { get; init; }

    public float Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public ulong? Seed { get; init; }

    public float? RepetitionPenalty { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>A LoRA adapter's id or name (wired in a later slice).</summary>
    public string? Lora { get; init; }

    /// <summary>OpenAI's <c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; init; }
}
