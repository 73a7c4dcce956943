using Augur.Models.Gguf;
using Augur.Models.Llama2c;
using Augur.Models.Tokenizers;

namespace Augur.Tests.Common;

public static partial class SyntheticModels
{
    // Read once per process: the Llama 2 file holds 32000 pieces.
    private static readonly Lazy<Vocabulary> Tok512 = new(() => Llama2cTokenizerFile.ReadVocabulary(TestModels.Tok512Bin));
    private static readonly Lazy<Vocabulary> Llama2 = new(() => Llama2cTokenizerFile.ReadVocabulary(TestModels.Llama2TokenizerBin));

    /// <summary>The real vocabulary a shape of <paramref name="vocabSize"/> tokens uses: tok512 (512) or Llama 2 (32000).</summary>
    public static Vocabulary VocabularyFor(int vocabSize) => vocabSize switch
    {
        512 => Tok512.Value,
        32000 => Llama2.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "Only 512 (tok512) and 32000 (Llama 2) are available."),
    };
}
