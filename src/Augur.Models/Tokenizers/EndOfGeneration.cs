using System.Collections.Frozen;

namespace Augur.Models.Tokenizers;

/// <summary>
/// The tokens after which a model is done generating: the vocabulary's EOS, plus the control or user-defined tokens
/// that chat models end a turn with (llama.cpp's <c>special_eog_ids</c> rule, found by their text).
/// </summary>
public static class EndOfGeneration
{
    /// <summary>
    /// The turn and text ends recognized by name: Llama 3 <c>&lt;|eot_id|&gt;</c>, <c>&lt;|end_of_text|&gt;</c>,
    /// <c>&lt;|eom_id|&gt;</c>; Qwen and GPT-2 <c>&lt;|im_end|&gt;</c>, <c>&lt;|endoftext|&gt;</c>; Phi <c>&lt;|end|&gt;</c>;
    /// Gemma <c>&lt;end_of_turn&gt;</c>.
    /// </summary>
    public static IReadOnlyList<string> KnownPieces { get; } =
        ["<|eot_id|>", "<|end_of_text|>", "<|eom_id|>", "<|im_end|>", "<|endoftext|>", "<|end|>", "<end_of_turn>"];

    /// <summary>EOS and every control or user-defined token whose piece is one of <see cref="KnownPieces"/>.</summary>
    public static FrozenSet<int> FindIds(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = new HashSet<int> { vocabulary.Eos.Value };
        foreach (string piece in KnownPieces)
        {
            if (vocabulary.TryGetId(piece, out TokenId id) && vocabulary.GetKind(id) is TokenKind.Control or TokenKind.UserDefined)
                ids.Add(id.Value);
        }

        return ids.ToFrozenSet();
    }
}
