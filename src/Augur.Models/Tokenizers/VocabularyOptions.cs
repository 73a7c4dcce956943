namespace Augur.Models.Tokenizers;

/// <summary>
/// The special ids and flags of a <see cref="Vocabulary"/> (GGUF <c>tokenizer.ggml.*</c> keys).
/// </summary>
public sealed record VocabularyOptions
{
    /// <summary>Beginning of sequence (<c>tokenizer.ggml.bos_token_id</c>); 1 for Llama 2.</summary>
    public required TokenId Bos { get; init; }

    /// <summary>End of sequence (<c>tokenizer.ggml.eos_token_id</c>); 2 for Llama 2.</summary>
    public required TokenId Eos { get; init; }

    /// <summary>The unknown token (<c>tokenizer.ggml.unknown_token_id</c>); 0 for Llama 2.</summary>
    public required TokenId Unk { get; init; }

    /// <summary>Padding token (<c>tokenizer.ggml.padding_token_id</c>); none by default.</summary>
    public TokenId? Pad { get; init; }

    /// <summary>Whether encoding prepends BOS by default (<c>tokenizer.ggml.add_bos_token</c>); default true.</summary>
    public bool AddBos { get; init; } = true;

    /// <summary>Whether encoding appends EOS by default (<c>tokenizer.ggml.add_eos_token</c>); default false.</summary>
    public bool AddEos { get; init; }

    /// <summary>
    /// SentencePiece's dummy prefix (<c>tokenizer.ggml.add_space_prefix</c>): encoding puts a space before non-empty
    /// text, and decoding drops the leading space of the first piece of a sequence. Default true (Llama 2, Mistral).
    /// </summary>
    public bool AddSpacePrefix { get; init; } = true;
}
