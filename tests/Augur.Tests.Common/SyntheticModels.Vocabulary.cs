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

    /// <summary>
    /// The <c>tokenizer.ggml.*</c> keys of a SentencePiece (<c>llama</c>) vocabulary, as llama.cpp's converter writes
    /// them: pieces, scores, token types (1 normal, 2 unknown, 3 control, 6 byte), ids 0/1/2 for unk/BOS/EOS, BOS added.
    /// </summary>
    private static void AddVocabulary(GgufWriter writer, int vocabSize)
    {
        Vocabulary vocabulary = VocabularyFor(vocabSize);
        var pieces = new string[vocabulary.Count];
        var scores = new float[vocabulary.Count];
        var types = new int[vocabulary.Count];
        for (int id = 0; id < pieces.Length; id++)
        {
            var token = new TokenId(id);
            pieces[id] = vocabulary.GetPiece(token);
            scores[id] = vocabulary.GetScore(token);
            types[id] = (int)vocabulary.GetKind(token);
        }

        writer.Add(GgufKeys.TokenizerModel, "llama")
            .Add(GgufKeys.TokenizerTokens, pieces)
            .Add(GgufKeys.TokenizerScores, scores)
            .Add(GgufKeys.TokenizerTokenType, types)
            .Add(GgufKeys.TokenizerBosTokenId, (uint)vocabulary.Bos.Value)
            .Add(GgufKeys.TokenizerEosTokenId, (uint)vocabulary.Eos.Value)
            .Add(GgufKeys.TokenizerUnknownTokenId, (uint)vocabulary.Unk.Value)
            .Add(GgufKeys.TokenizerAddBosToken, true)
            .Add(GgufKeys.TokenizerAddEosToken, false);
    }
}
