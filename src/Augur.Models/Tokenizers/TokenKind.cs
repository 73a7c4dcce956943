namespace Augur.Models.Tokenizers;

/// <summary>
/// What a vocabulary entry is. The values are those of GGUF's <c>tokenizer.ggml.token_type</c> array
/// (and of SentencePiece's <c>ModelProto.SentencePiece.Type</c>).
/// </summary>
public enum TokenKind
{
    /// <summary>An ordinary piece, produced by merges; <c>▁</c> stands for a space.</summary>
    Normal = 1,

    /// <summary>The unknown token (<c>&lt;unk&gt;</c>).</summary>
    Unknown = 2,

    /// <summary>A control token such as <c>&lt;s&gt;</c> or <c>&lt;/s&gt;</c>: never produced from plain text, no text when decoded.</summary>
    Control = 3,

    /// <summary>A piece the user added; always matched whole in the input, decoded verbatim.</summary>
    UserDefined = 4,

    /// <summary>A reserved entry that is never produced.</summary>
    Unused = 5,

    /// <summary>A byte-fallback token <c>&lt;0xXX&gt;</c> standing for one raw UTF-8 byte.</summary>
    Byte = 6,
}
