namespace Augur.Models.Tokenizers;

/// <summary>
/// How a byte-level BPE tokenizer cuts text into chunks before merging (the regex of the model's pre-tokenizer).
/// Named in GGUF by <c>tokenizer.ggml.pre</c>; see <see cref="PreTokenizers"/> for the names.
/// </summary>
public enum PreTokenizerKind
{
    /// <summary>
    /// GPT-2: <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>
    /// (GGUF <c>gpt-2</c>, also used for <c>default</c>).
    /// </summary>
    Gpt2,

    /// <summary>
    /// Llama 3: <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>
    /// (GGUF <c>llama-bpe</c>). A chunk that is itself a vocabulary entry is emitted whole, before any merging
    /// (tiktoken's rule, Hugging Face's <c>ignore_merges</c>).
    /// </summary>
    Llama3,

    /// <summary>
    /// Qwen2: Unicode NFC first, then the Llama 3 regex with single digits (<c>\p{N}</c> instead of <c>\p{N}{1,3}</c>)
    /// (GGUF <c>qwen2</c>).
    /// </summary>
    Qwen2,
}
