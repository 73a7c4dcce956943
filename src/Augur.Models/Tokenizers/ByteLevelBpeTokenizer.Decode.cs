using System.Text;

namespace Augur.Models.Tokenizers;

public sealed partial class ByteLevelBpeTokenizer
{
    /// <summary>Decodes a whole sequence (see <see cref="ByteLevelDetokenizer"/> for the text rules).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var detokenizer = new ByteLevelDetokenizer(Vocabulary);
        var text = new StringBuilder(ids.Length * 4);
        foreach (int id in ids)
            text.Append(detokenizer.Append(id));
        text.Append(detokenizer.Flush());
        return text.ToString();
    }

    /// <summary>Creates a detokenizer for one sequence; reuse it across sequences with <see cref="ByteLevelDetokenizer.Reset"/>.</summary>
    public ByteLevelDetokenizer CreateDetokenizer() => new(Vocabulary);

    ITextDetokenizer ITokenizer.CreateDetokenizer() => CreateDetokenizer();
}
