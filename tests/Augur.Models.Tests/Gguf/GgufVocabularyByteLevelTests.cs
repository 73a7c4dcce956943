using Augur.Models.Tokenizers;
using Augur.Models.Tokenizers.Tests;

namespace Augur.Models.Gguf.Tests;

public sealed class GgufVocabularyByteLevelTests
{
    [Theory]
    [InlineData("llama-bpe", PreTokenizerKind.Llama3, 128000, 128001, true)]
    [InlineData("qwen2", PreTokenizerKind.Qwen2, 151643, 151643, false)]
    [InlineData("gpt-2", PreTokenizerKind.Gpt2, 50256, 50256, false)]
    public void RoundTrip_KeepsPiecesKindsSpecialIdsFlagsAndPreTokenizer(string name, PreTokenizerKind pre, int bos, int eos, bool addBos)
    {
        ByteLevelBpeTokenizer original = ByteLevelTestTokenizers.Get(name);
        ByteLevelBpeTokenizer back = ByteLevelTestTokenizers.GetFromGguf(name);

        Assert.Equal(pre, back.PreTokenizer);
        Assert.Equal(bos, back.Vocabulary.Bos.Value);
        Assert.Equal(eos, back.Vocabulary.Eos.Value);
        Assert.Equal(addBos, back.Vocabulary.AddBos);
        Assert.Equal(original.Vocabulary.Count, back.Vocabulary.Count);
        for (int id = 0; id < back.Vocabulary.Count; id++)
        {
            Assert.Equal(original.Vocabulary.GetPiece(new TokenId(id)), back.Vocabulary.GetPiece(new TokenId(id)));
            Assert.Equal(original.Vocabulary.GetKind(new TokenId(id)), back.Vocabulary.GetKind(new TokenId(id)));
        }

        Assert.Equal(original.EndOfGenerationIds.Order(), back.EndOfGenerationIds.Order());
        Assert.False(back.IsRankBased);
        Assert.Equal(original.GetMerges(), back.GetMerges());
    }

    [Fact]
    public void Write_Llama3FromTiktoken_DerivesTheMergesOfItsHuggingFaceConversion()
    {
        // Meta-Llama-3's tokenizer.json (Hugging Face's tiktoken conversion, which llama.cpp's GGUFs copy) has 280,147 merges.
        IReadOnlyList<string> merges = ByteLevelTestTokenizers.Get("llama-bpe").GetMerges();

        Assert.Equal(280_147, merges.Count);
        Assert.Equal("\u0120 \u0120", merges[0]); // "Ġ Ġ": two spaces, rank 256
    }
}
