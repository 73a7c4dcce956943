namespace Augur.Engine;

/// <summary>One model an <see cref="EngineGroup"/> serves: its name, its file, and its engine's options.</summary>
/// <param name="Name">The name requests use (e.g. <c>@cf/meta/llama-3.2-1b-instruct</c>); unique in the group.</param>
/// <param name="Path">A GGUF file, or a llama2.c checkpoint with <see cref="TokenizerPath"/>.</param>
public sealed record EngineModel(string Name, string Path)
{
    /// <summary>A tokenizer file for checkpoints that carry none (llama2.c); null for GGUF.</summary>
    public string? TokenizerPath { get; init; }

    /// <summary>The engine's options; the group sets <see cref="EngineOptions.ModelName"/> and the KV memory budget.</summary>
    public EngineOptions Options { get; init; } = new();

    /// <summary>A draft model for speculative decoding (GGUF, with the target's vocabulary), or null.</summary>
    public string? DraftPath { get; init; }

    /// <summary>This model's share of the group's KV memory, relative to the others' (default 1: equal shares).</summary>
    public double KvShare { get; init; } = 1;
}
