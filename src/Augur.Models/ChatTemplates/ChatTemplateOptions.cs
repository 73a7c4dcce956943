namespace Augur.Models.ChatTemplates;

/// <summary>
/// Parsing conventions and sandbox limits for a <see cref="ChatTemplate"/>. The defaults are Hugging Face's
/// (<c>trim_blocks</c> and <c>lstrip_blocks</c> on) and bound any render to about a second of work.
/// </summary>
public sealed record ChatTemplateOptions
{
    /// <summary>Shared default options.</summary>
    public static ChatTemplateOptions Default { get; } = new();

    /// <summary>Drop the first newline after a block tag (<c>%}</c>) or comment. Default true.</summary>
    public bool TrimBlocks { get; init; } = true;

    /// <summary>Strip spaces and tabs from a line's start up to a block tag or comment. Default true.</summary>
    public bool LstripBlocks { get; init; } = true;

    /// <summary>Most evaluation steps (expression nodes, statements, loop iterations) per render. Default 1,000,000.</summary>
    public int MaxSteps { get; init; } = 1_000_000;

    /// <summary>Longest output, and longest string built along the way, in UTF-16 chars. Default 1 Mi (1,048,576).</summary>
    public int MaxOutputLength { get; init; } = 1 << 20;

    /// <summary>Deepest nesting of blocks, expressions and macro calls. Default 100.</summary>
    public int MaxDepth { get; init; } = 100;
}
