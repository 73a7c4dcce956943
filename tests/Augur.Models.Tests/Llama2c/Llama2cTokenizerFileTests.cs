using System.Buffers.Binary;
using System.Text;
using Augur.Models.Tokenizers;
using Augur.Tests.Common;

namespace Augur.Models.Llama2c.Tests;

public sealed class Llama2cTokenizerFileTests
{
    [Fact]
    public void Read_Llama2TokenizerBin_ReadsAllTokensAsStored()
    {
        Llama2cTokenizerFile file = Llama2cTokenizerFile.Read(TestModels.Llama2TokenizerBin, 32000);

        Assert.Equal(32000, file.Count);
        Assert.Equal(27, file.MaxTokenLength);
        Assert.Equal("<unk>", file.Pieces[0]);
        Assert.Equal("\n<s>\n", file.Pieces[1]);
        Assert.Equal("\n</s>\n", file.Pieces[2]);
        Assert.Equal("<0x00>", file.Pieces[3]);
        Assert.Equal("  ", file.Pieces[259]);
        Assert.Equal(-1e9f, file.Scores[259]);
        Assert.Equal(" t", file.Pieces[260]);
        Assert.Equal(-1f, file.Scores[260]);
    }

    [Fact]
    public void Read_WithoutVocabSize_ReadsUntilEndOfFile()
    {
        Assert.Equal(32000, Llama2cTokenizerFile.Read(TestModels.Llama2TokenizerBin).Count);
        Assert.Equal(512, Llama2cTokenizerFile.Read(TestModels.Tok512Bin).Count);
    }

    [Fact]
    public void Read_SmallerVocabSize_ReadsThatManyTokens()
    {
        Assert.Equal(300, Llama2cTokenizerFile.Read(TestModels.Tok512Bin, 300).Count);
    }

    [Fact]
    public void ToVocabulary_Tok512_RestoresSentencePieceForm()
    {
        Vocabulary v = Llama2cTokenizerFile.ReadVocabulary(TestModels.Tok512Bin, 512);

        Assert.Equal(512, v.Count);
        Assert.Equal(("<unk>", TokenKind.Unknown), (v.GetPiece(new(0)), v.GetKind(new(0))));
        Assert.Equal(("<s>", TokenKind.Control), (v.GetPiece(new(1)), v.GetKind(new(1))));
        Assert.Equal(("</s>", TokenKind.Control), (v.GetPiece(new(2)), v.GetKind(new(2))));
        Assert.Equal(("<0xFF>", TokenKind.Byte), (v.GetPiece(new(258)), v.GetKind(new(258))));
        Assert.Equal(("▁t", TokenKind.Normal), (v.GetPiece(new(259)), v.GetKind(new(259))));
        Assert.True(v.HasByteFallback);
        Assert.True(v.AddBos);
        Assert.False(v.AddEos);
        Assert.True(v.AddSpacePrefix);
        Assert.Equal((1, 2, 0), (v.Bos.Value, v.Eos.Value, v.Unk.Value));
    }

    [Fact]
    public void Read_TruncatedAtEveryLength_ThrowsModelLoadException()
    {
        byte[] data = Build(maxTokenLength: 6, ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0), (" ab", -1), ("é", -2));
        using var dir = new TempDirectory();
        string path = dir.File("tokenizer.bin");
        File.WriteAllBytes(path, data);
        Assert.Equal(5, Llama2cTokenizerFile.Read(path, 5).Count);
        Assert.Equal(5, Llama2cTokenizerFile.Read(path).Count);

        for (int length = 0; length < data.Length; length++)
        {
            File.WriteAllBytes(path, data[..length]);

            var e = Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Read(path, 5));
            Assert.Equal(path, e.Path);
            Assert.False(string.IsNullOrEmpty(e.Fault));
        }
    }

    [Fact]
    public void Read_TruncatedInsideTokenWithoutVocabSize_ThrowsModelLoadException()
    {
        byte[] data = Build(maxTokenLength: 6, ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0), (" ab", -1));
        for (int length = 5; length < data.Length; length++)
        {
            int[] tokenEnds = [4 + 8 + 5, 4 + 16 + 10, 4 + 24 + 16];
            if (tokenEnds.Contains(length))
                continue; // a file that ends between tokens is a shorter, valid file
            Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", data.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(7)]             // longer than max_token_length
    [InlineData(int.MaxValue)]
    [InlineData(1_000_000)]
    public void Parse_BadTokenLength_ThrowsModelLoadException(int badLength)
    {
        byte[] data = Build(maxTokenLength: 6, ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0), (" ab", -1));
        int lengthField = 4 + 3 * 8 + 5 + 5 + 6 + 4; // token 3's length field
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(lengthField), badLength);

        var e = Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", data, 4));
        Assert.Contains("token 3", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HostileHeaderAndContents_ThrowModelLoadException()
    {
        byte[] good = Build(maxTokenLength: 6, ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0), (" ab", -1));

        byte[] negativeMax = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negativeMax, -3);
        byte[] nanScore = (byte[])good.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(nanScore.AsSpan(4), float.NaN);
        byte[] badUtf8 = Build(maxTokenLength: 6, ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0), ("ab", -1));
        badUtf8[^1] = 0xFF;

        Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", negativeMax, 4));
        Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", nanScore, 4));
        Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", badUtf8, 4));
        Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", good, int.MaxValue)); // huge vocab_size
        Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", good, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Llama2cTokenizerFile.Parse("t.bin", good, -1));
    }

    [Fact]
    public void ToVocabulary_FewerThanThreeTokens_ThrowsModelLoadException()
    {
        byte[] data = Build(maxTokenLength: 6, ("<unk>", 0), ("\n<s>\n", 0));

        Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Parse("t.bin", data).ToVocabulary());
    }

    [Fact]
    public void Read_MissingFile_ThrowsModelLoadException()
    {
        using var dir = new TempDirectory();
        string path = dir.File("absent.bin");

        var e = Assert.Throws<ModelLoadException>(() => Llama2cTokenizerFile.Read(path));
        Assert.Equal(path, e.Path);
    }

    /// <summary>Writes a tokenizer.bin by the format's definition (llama2.c tokenizer.py export).</summary>
    private static byte[] Build(int maxTokenLength, params (string Piece, float Score)[] tokens)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(maxTokenLength);
        foreach ((string piece, float score) in tokens)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(piece);
            writer.Write(score);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        writer.Flush();
        return stream.ToArray();
    }
}
