namespace Augur.Models.Tokenizers;

/// <summary>
/// How one call to <c>Encode</c> treats its text. <c>default</c> follows the vocabulary: BOS and EOS as its
/// <see cref="Vocabulary.AddBos"/>/<see cref="Vocabulary.AddEos"/> say, special tokens not parsed.
/// </summary>
public readonly record struct EncodeSettings
{
    /// <summary>Prepend BOS; <c>null</c> (default) takes <see cref="Vocabulary.AddBos"/>.</summary>
    public bool? AddBos { get; init; }

    /// <summary>Append EOS; <c>null</c> (default) takes <see cref="Vocabulary.AddEos"/>.</summary>
    public bool? AddEos { get; init; }

    /// <summary>
    /// Match the text of control and unknown tokens (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;unk&gt;</c>) in the
    /// input as those tokens. Default false: such text is tokenized as ordinary text, so user input can never forge a
    /// control token. User-defined pieces are matched whole either way (as in llama.cpp and SentencePiece).
    /// </summary>
    public bool ParseSpecial { get; init; }

    /// <summary>No BOS, no EOS, no special tokens: the text alone (how llama.cpp's vocab test vectors are made).</summary>
    public static EncodeSettings TextOnly => new() { AddBos = false, AddEos = false };
}
