using System.Diagnostics;
using Augur.Models.Gguf;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// Hostile byte-level vocabularies in GGUF files and Hugging Face files: duplicate tokens, missing or broken merges,
/// special ids outside the vocabulary, oversized files. Each is a <see cref="ModelLoadException"/> that names the
/// fault, raised at once (never a hang, an <see cref="IndexOutOfRangeException"/> or a tokenizer that silently differs).
/// </summary>
public sealed class ByteLevelHostileVocabularyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Ids 0..255 bytes, 256 "ab", 257 "<|bos|>", 258 "<|eos|>"; one merge "a b".
    private static ByteLevelBpeTokenizer Tiny() =>
        ByteLevelBpeTokenizer.Create(TinyByteLevel.Normal("ab"), [TinyByteLevel.Merge("a", "b")], PreTokenizerKind.Gpt2);

    [Theory]
    [InlineData("ab", "is not two pieces separated by one space")]       // one piece
    [InlineData("a b c", "is not two pieces separated by one space")]    // three
    [InlineData("a  b", "is not two pieces separated by one space")]     // two spaces
    [InlineData(" ab", "is not two pieces separated by one space")]      // empty left piece
    [InlineData("a \u4E2D", "names a piece that is not a normal token")] // right piece absent from the vocabulary
    [InlineData("<|eos|> a", "names a piece that is not a normal token")] // a control token cannot merge
    [InlineData("b a", "forms a piece that is not a normal token")]      // "ba" is not a token
    public void Gguf_BadMerge_IsALoadErrorNamingIt(string merge, string fault)
    {
        var e = AssertLoadFails(w => w.Set(GgufKeys.TokenizerMerges, GgufValue.FromArray(new[] { TinyByteLevel.Merge("a", "b"), merge })));

        Assert.Contains("Merge 1", e.Fault, StringComparison.Ordinal);
        Assert.Contains(fault, e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Gguf_RepeatedMerge_OrMissingMerges_AreLoadErrors()
    {
        string ab = TinyByteLevel.Merge("a", "b");

        var repeated = AssertLoadFails(w => w.Set(GgufKeys.TokenizerMerges, GgufValue.FromArray(new[] { ab, ab })));
        var missing = AssertLoadFails(w => w.Remove(GgufKeys.TokenizerMerges));

        Assert.Contains("repeats an earlier merge", repeated.Fault, StringComparison.Ordinal);
        Assert.Contains("needs 'tokenizer.ggml.merges'", missing.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Gguf_DuplicateNormalPiece_IsALoadError()
    {
        // llama.cpp keeps the last id of a repeated piece; a byte-level merge table cannot say which one it means, so
        // Augur refuses the file instead of guessing.
        string[] pieces = PiecesOf(Tiny());
        pieces[256] = pieces['a'];

        var e = AssertLoadFails(w => w.Set(GgufKeys.TokenizerTokens, GgufValue.FromArray(pieces))
            .Set(GgufKeys.TokenizerMerges, GgufValue.FromArray(Array.Empty<string>())));

        Assert.Contains("repeats the piece", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Gguf_MissingByteToken_IsALoadError()
    {
        string[] pieces = PiecesOf(Tiny());
        pieces['z'] = "<|not a byte|>";
        int[] types = [.. Enumerable.Repeat(1, pieces.Length)];
        types['z'] = 3; // control: the byte 'z' then has no normal token

        var e = AssertLoadFails(w => w.Set(GgufKeys.TokenizerTokens, GgufValue.FromArray(pieces))
            .Set(GgufKeys.TokenizerTokenType, GgufValue.FromArray(types)));

        Assert.Contains("has no token of its own", e.Fault, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GgufKeys.TokenizerBosTokenId, 259L, "outside the vocabulary")]
    [InlineData(GgufKeys.TokenizerEosTokenId, 1L << 40, "is not a token id")]
    [InlineData(GgufKeys.TokenizerUnknownTokenId, 100_000L, "outside the vocabulary")]
    [InlineData(GgufKeys.TokenizerTokenType, 0L, "token_type")] // scalar where an array belongs
    public void Gguf_SpecialIdOutOfRange_OrMistypedKey_IsALoadError(string key, long value, string fault)
    {
        var e = AssertLoadFails(w => w.Set(key, GgufValue.From(value)));

        Assert.Contains(fault, e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Gguf_TokenTypeCountDiffers_IsALoadError()
    {
        var e = AssertLoadFails(w => w.Set(GgufKeys.TokenizerTokenType, GgufValue.FromArray(new[] { 1, 1, 1 })));

        Assert.Contains("3 entries", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFace_IdFarOutOfRange_IsALoadError_NotAnAllocation()
    {
        string vocab = _directory.File("vocab.json"), merges = _directory.File("merges.txt");
        File.WriteAllText(vocab, "{\"a\": 0, \"<|endoftext|>\": 2147483647}");
        File.WriteAllText(merges, "#version: 0.2\n");

        var e = Assert.Throws<ModelLoadException>(() => HuggingFaceBpeFiles.Read(vocab, merges, null, PreTokenizerKind.Gpt2));

        Assert.Contains("has id 2147483647, but there are only 2 tokens", e.Fault, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vocab.json")]
    [InlineData("merges.txt")]
    public void HuggingFace_OversizedFile_IsRefusedBeforeReading(string oversized)
    {
        string vocab = _directory.File("vocab.json"), merges = _directory.File("merges.txt");
        File.WriteAllText(vocab, "{\"<|endoftext|>\": 0}");
        File.WriteAllText(merges, "");
        using (var stream = new FileStream(_directory.File(oversized), FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(HuggingFaceBpeFiles.MaxFileBytes + 1L); // sparse: nothing is written
        }

        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<ModelLoadException>(() => HuggingFaceBpeFiles.Read(vocab, merges, null, PreTokenizerKind.Gpt2));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.EndsWith(oversized, e.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void HuggingFace_VeryLongMergeLine_IsCheckedWithoutOverflow()
    {
        string vocab = _directory.File("vocab.json"), merges = _directory.File("merges.txt");
        var ids = Enumerable.Range(0, 256).ToDictionary(b => ByteUnicodeMap.ToChar((byte)b).ToString(), b => b);
        ids["<|endoftext|>"] = 256;
        File.WriteAllText(vocab, System.Text.Json.JsonSerializer.Serialize(ids));
        File.WriteAllText(merges, new string('a', 100_000) + " a\n");

        var e = Assert.Throws<ModelLoadException>(() => HuggingFaceBpeFiles.Read(vocab, merges, null, PreTokenizerKind.Gpt2));

        Assert.Contains("names a piece that is not a normal token", e.Fault, StringComparison.Ordinal);
    }

    private ModelLoadException AssertLoadFails(Action<GgufWriter> tamper)
    {
        string path = _directory.File($"{Guid.NewGuid():N}.gguf");
        var writer = new GgufWriter();
        GgufVocabulary.Write(writer, Tiny());
        tamper(writer);
        writer.Write(path);
        using GgufFile file = GgufFile.Open(path);

        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<ModelLoadException>(() => GgufVocabulary.ReadTokenizer(file));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        return e;
    }

    private static string[] PiecesOf(ByteLevelBpeTokenizer tokenizer) =>
        [.. Enumerable.Range(0, tokenizer.Vocabulary.Count).Select(i => tokenizer.Vocabulary.GetPiece(new TokenId(i)))];
}
