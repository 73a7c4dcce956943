namespace Augur.Models.Tokenizers;

/// <summary>
/// What the engine needs of a tokenizer, whichever kind the model uses: <see cref="SentencePieceBpeTokenizer"/>
/// (Llama 2, Mistral) or <see cref="ByteLevelBpeTokenizer"/> (Llama 3, Qwen2, GPT-2). Ids are plain <see cref="int"/>s.
/// </summary>
public interface ITokenizer
{
    Vocabulary Vocabulary { get; }

    /// <summary>Encodes <paramref name="text"/> (BOS/EOS and special-token parsing as <paramref name="settings"/> say).</summary>
    int[] Encode(ReadOnlySpan<char> text, EncodeSettings settings);

    /// <summary>Encodes and appends the ids to <paramref name="destination"/>.</summary>
    void Encode(ReadOnlySpan<char> text, List<int> destination, EncodeSettings settings);

    /// <summary>Decodes a whole sequence; invalid UTF-8 becomes U+FFFD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    string Decode(ReadOnlySpan<int> ids);

    /// <summary>A detokenizer for one sequence at a time.</summary>
    ITextDetokenizer CreateDetokenizer();
}
