namespace Augur.Models.Tokenizers;

/// <summary>The GGUF names (<c>tokenizer.ggml.pre</c>) of the pre-tokenizers Augur implements.</summary>
public static class PreTokenizers
{
    /// <summary>
    /// The pre-tokenizer llama.cpp means by <paramref name="ggufName"/>: <c>llama-bpe</c> (also <c>llama3</c>,
    /// <c>llama-v3</c>), <c>qwen2</c>, <c>gpt-2</c> and <c>default</c> (taken as GPT-2's regex).
    /// </summary>
    public static bool TryParse(string? ggufName, out PreTokenizerKind kind)
    {
        switch (ggufName)
        {
            case "llama-bpe" or "llama3" or "llama-v3":
                kind = PreTokenizerKind.Llama3;
                return true;
            case "qwen2":
                kind = PreTokenizerKind.Qwen2;
                return true;
            case "gpt-2" or "default":
                kind = PreTokenizerKind.Gpt2;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>The name written to GGUF's <c>tokenizer.ggml.pre</c>.</summary>
    public static string ToGgufName(PreTokenizerKind kind) => kind switch
    {
        PreTokenizerKind.Llama3 => "llama-bpe",
        PreTokenizerKind.Qwen2 => "qwen2",
        PreTokenizerKind.Gpt2 => "gpt-2",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown pre-tokenizer."),
    };
}
