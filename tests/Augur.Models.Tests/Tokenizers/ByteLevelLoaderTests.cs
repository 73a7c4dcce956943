using System.Text;
using System.Text.Json;
using Augur.Models.Gguf;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>Hostile and broken tokenizer files: every fault is a clear exception, never a wrong tokenizer.</summary>
public sealed class ByteLevelLoaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void HuggingFace_SmallValidFiles_Load()
    {
        ByteLevelBpeTokenizer tokenizer = ReadHf(VocabJson(("ab", 256), ("<|endoftext|>", 257)), "#version: 0.2\na b\n");

        Assert.Equal([256], tokenizer.Encode("ab"));
        Assert.Equal(TokenKind.Control, tokenizer.Vocabulary.GetKind(new TokenId(257)));
        Assert.Equal(257, tokenizer.Vocabulary.Eos.Value);
    }

    [Theory]
    [InlineData("a\n")]             // truncated: one piece
    [InlineData("a b c\n")]         // three pieces
    [InlineData("a  b\n")]          // two spaces
    [InlineData("a b\n\na b\n")]    // empty line inside
    [InlineData("a z\n")]           // z..., fine, but "az" is not a token
    [InlineData("a \u4E2D\n")]      // names a piece that is not a token
    [InlineData("a b\na b\n")]      // repeated merge
    public void HuggingFace_BadMerges_Throw(string merges)
    {
        var e = Assert.Throws<ModelLoadException>(() => ReadHf(VocabJson(("ab", 256), ("<|endoftext|>", 257)), merges));
        Assert.NotEmpty(e.Fault);
    }

    [Fact]
    public void HuggingFace_DuplicatePiece_Throws()
    {
        string json = VocabJson(("ab", 256), ("<|endoftext|>", 257))[..^1] + ",\"ab\":258}";
        var e = Assert.Throws<ModelLoadException>(() => ReadHf(json, ""));
        Assert.Contains("twice", e.Fault, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300)] // a gap
    [InlineData(255)] // an id given twice
    public void HuggingFace_BadIds_Throw(int id) =>
        Assert.Throws<ModelLoadException>(() => ReadHf(VocabJson(("ab", id), ("<|endoftext|>", 256)), ""));

    [Theory]
    [InlineData("{\"a\":\"x\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":-1}")]
    public void HuggingFace_GarbledJson_Throws(string json) => Assert.Throws<ModelLoadException>(() => ReadHf(json, ""));

    [Fact]
    public void HuggingFace_MissingFile_Throws() =>
        Assert.Throws<ModelLoadException>(() => HuggingFaceBpeFiles.Read(_directory.File("none.json"), _directory.File("none.txt"), null, PreTokenizerKind.Gpt2));

    [Fact]
    public void Tiktoken_SmallValidFile_Loads()
    {
        ByteLevelBpeTokenizer tokenizer = ReadTiktoken(TiktokenLines(("ab"u8.ToArray(), 256)));

        Assert.Equal([256], tokenizer.Encode("ab"));
        Assert.Equal(258, tokenizer.Vocabulary.Count);
    }

    [Theory]
    [InlineData("!!!! 256")]     // bad base64
    [InlineData("YWI= x")]       // rank not a number
    [InlineData("YWI=256")]      // no space
    [InlineData("YWI= 256 7")]   // three fields
    [InlineData("YWI= 300")]     // rank out of range
    [InlineData("YWI= 97")]      // rank given twice
    [InlineData("YQ== 256")]     // "a" again: a token repeated
    [InlineData(" 256")]         // empty token
    public void Tiktoken_BadLine_Throws(string line) =>
        Assert.Throws<ModelLoadException>(() => ReadTiktoken(TiktokenLines() + line + "\n"));

    [Fact]
    public void Tiktoken_MissingByte_Throws()
    {
        string lines = TiktokenLines().Replace(Convert.ToBase64String([(byte)'a']) + " 97\n", Convert.ToBase64String("xy"u8) + " 97\n", StringComparison.Ordinal);
        var e = Assert.Throws<ModelLoadException>(() => ReadTiktoken(lines));
        Assert.Contains("0x61", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateNormalPieces_Throws()
    {
        Vocabulary v = TinyByteLevel.Normal("ab", "ab");
        Assert.Throws<ArgumentException>(() => ByteLevelBpeTokenizer.Create(v, [], PreTokenizerKind.Gpt2));
        Assert.Throws<ArgumentException>(() => ByteLevelBpeTokenizer.CreateFromRanks(v, PreTokenizerKind.Gpt2));
    }

    [Fact]
    public void Create_PieceNotInByteLevelForm_Throws()
    {
        Vocabulary v = TinyByteLevel.Normal();
        string[] pieces = [.. Enumerable.Range(0, v.Count).Select(i => v.GetPiece(new TokenId(i))), "a b"];
        TokenKind[] kinds = [.. Enumerable.Range(0, v.Count).Select(i => v.GetKind(new TokenId(i))), TokenKind.Normal];
        Vocabulary bad = Vocabulary.Create(pieces, new float[pieces.Length], kinds, v.Options);

        Assert.Throws<ArgumentException>(() => ByteLevelBpeTokenizer.Create(bad, [], PreTokenizerKind.Gpt2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeTokenizer.Create(v, [], (PreTokenizerKind)99));
    }

    [Fact]
    public void Gguf_Gpt2WithoutMerges_OrWithUnknownPre_Throws()
    {
        var tokenizer = ByteLevelBpeTokenizer.Create(TinyByteLevel.Normal("ab"), [TinyByteLevel.Merge("a", "b")], PreTokenizerKind.Gpt2);

        Assert.Throws<ModelLoadException>(() => WriteAndRead(tokenizer, w => w.Set(GgufKeys.TokenizerMerges, GgufValue.From("x"))));
        var pre = Assert.Throws<ModelLoadException>(() => WriteAndRead(tokenizer, w => w.Set(GgufKeys.TokenizerPre, GgufValue.From("mystery"))));
        Assert.Contains("mystery", pre.Fault, StringComparison.Ordinal);
        Assert.Throws<ModelLoadException>(() => WriteAndRead(tokenizer, w => w.Set(GgufKeys.TokenizerMerges, GgufValue.FromArray(new[] { "a q" }))));
    }

    [Fact]
    public void Gguf_VocabularyOnlyRead_OfGpt2_PointsToReadTokenizer()
    {
        var tokenizer = ByteLevelBpeTokenizer.Create(TinyByteLevel.Normal("ab"), [TinyByteLevel.Merge("a", "b")], PreTokenizerKind.Qwen2);
        string path = _directory.File("ok.gguf");
        var writer = new GgufWriter();
        GgufVocabulary.Write(writer, tokenizer);
        writer.Write(path);
        using GgufFile file = GgufFile.Open(path);

        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.Read(file));
        Assert.Contains(nameof(GgufVocabulary.ReadTokenizer), e.Fault, StringComparison.Ordinal);
        var back = Assert.IsType<ByteLevelBpeTokenizer>(GgufVocabulary.ReadTokenizer(file));
        Assert.Equal(PreTokenizerKind.Qwen2, back.PreTokenizer);
        Assert.Equal([256], back.Encode("ab"));
    }

    private ITokenizer WriteAndRead(ByteLevelBpeTokenizer tokenizer, Action<GgufWriter> tamper)
    {
        string path = _directory.File($"{Guid.NewGuid():N}.gguf");
        var writer = new GgufWriter();
        GgufVocabulary.Write(writer, tokenizer);
        tamper(writer);
        writer.Write(path);
        using GgufFile file = GgufFile.Open(path);
        return GgufVocabulary.ReadTokenizer(file);
    }

    private ByteLevelBpeTokenizer ReadHf(string vocabJson, string merges)
    {
        string vocabPath = _directory.File($"{Guid.NewGuid():N}.json");
        string mergesPath = _directory.File($"{Guid.NewGuid():N}.txt");
        File.WriteAllText(vocabPath, vocabJson);
        File.WriteAllText(mergesPath, merges);
        return HuggingFaceBpeFiles.Read(vocabPath, mergesPath, null, PreTokenizerKind.Gpt2);
    }

    private ByteLevelBpeTokenizer ReadTiktoken(string lines)
    {
        string path = _directory.File($"{Guid.NewGuid():N}.tiktoken");
        File.WriteAllText(path, lines);
        return TiktokenFile.Read(path, PreTokenizerKind.Gpt2, ["<|endoftext|>"], "<|endoftext|>", "<|endoftext|>", addBos: false);
    }

    /// <summary>The 256 byte pieces (id = byte) and <paramref name="extra"/> plain-text pieces, as a vocab.json.</summary>
    private static string VocabJson(params (string Text, int Id)[] extra)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            for (int b = 0; b < 256; b++)
                json.WriteNumber(ByteUnicodeMap.ToChar((byte)b).ToString(), b);
            foreach ((string text, int id) in extra)
                json.WriteNumber(text.StartsWith("<|", StringComparison.Ordinal) ? text : TinyByteLevel.Piece(text), id);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The 256 single bytes at ranks 0..255, then <paramref name="extra"/>, as tiktoken lines.</summary>
    private static string TiktokenLines(params (byte[] Bytes, int Rank)[] extra)
    {
        var text = new StringBuilder();
        for (int b = 0; b < 256; b++)
            text.Append(Convert.ToBase64String([(byte)b])).Append(' ').Append(b).Append('\n');
        foreach ((byte[] bytes, int rank) in extra)
            text.Append(Convert.ToBase64String(bytes)).Append(' ').Append(rank).Append('\n');
        return text.ToString();
    }
}
