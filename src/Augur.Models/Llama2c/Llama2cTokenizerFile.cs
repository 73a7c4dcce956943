using System.Buffers.Binary;
using System.Text;
using Augur.Models.Tokenizers;

namespace Augur.Models.Llama2c;

/// <summary>
/// A llama2.c <c>tokenizer.bin</c>: <c>int32 max_token_length</c>, then per token <c>float32 score</c>,
/// <c>int32 length</c> and <c>length</c> UTF-8 bytes, all little-endian. Written by llama2.c's <c>tokenizer.py</c>
/// from a SentencePiece model, with <c>▁</c> turned into spaces and BOS/EOS stored as <c>"\n&lt;s&gt;\n"</c> and
/// <c>"\n&lt;/s&gt;\n"</c>.
/// </summary>
public sealed class Llama2cTokenizerFile
{
    /// <summary>Files larger than this are refused (Llama 3's 128k-token file is about 2 MB).</summary>
    public const int MaxFileBytes = 64 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string[] _pieces;
    private readonly float[] _scores;

    private Llama2cTokenizerFile(string path, int maxTokenLength, string[] pieces, float[] scores)
    {
        Path = path;
        MaxTokenLength = maxTokenLength;
        _pieces = pieces;
        _scores = scores;
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>The longest piece in bytes, as the header states (every piece was checked against it).</summary>
    public int MaxTokenLength { get; }

    /// <summary>Number of tokens read.</summary>
    public int Count => _pieces.Length;

    /// <summary>The pieces exactly as stored (spaces, not <c>▁</c>).</summary>
    public IReadOnlyList<string> Pieces => _pieces;

    public IReadOnlyList<float> Scores => _scores;

    /// <summary>
    /// Reads <paramref name="path"/>. With <paramref name="vocabSize"/> (from the model header) exactly that many
    /// tokens are read; without it, tokens are read until the end of the file.
    /// </summary>
    /// <exception cref="ModelLoadException">The file is missing, too large, truncated, or holds a bad length or piece.</exception>
    public static Llama2cTokenizerFile Read(string path, int? vocabSize = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (vocabSize < 0)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "The vocabulary size cannot be negative.");

        byte[] data = BoundedFile.ReadAll(path, MaxFileBytes);
        return Parse(path, data, vocabSize);
    }

    /// <summary>Parses the bytes of a <c>tokenizer.bin</c>; <paramref name="path"/> only names it in errors.</summary>
    /// <exception cref="ModelLoadException">The data is truncated or holds a bad length or piece.</exception>
    public static Llama2cTokenizerFile Parse(string path, ReadOnlySpan<byte> data, int? vocabSize = null)
    {
        if (data.Length < 4)
            throw Fault(path, $"the file is {data.Length} bytes, too short for the max_token_length header");
        int maxTokenLength = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (maxTokenLength < 0)
            throw Fault(path, $"max_token_length is {maxTokenLength}");

        int offset = 4;
        // Each token takes at least 8 bytes, which bounds what a hostile vocabSize can make us allocate.
        if (vocabSize is int expected && (long)expected * 8 > data.Length - offset)
            throw Fault(path, $"the file is {data.Length} bytes, too short for {expected} tokens");

        var pieces = new List<string>(vocabSize ?? (data.Length - offset) / 16);
        var scores = new List<float>(pieces.Capacity);
        while (vocabSize is int count ? pieces.Count < count : offset < data.Length)
        {
            int id = pieces.Count;
            if (data.Length - offset < 8)
                throw Fault(path, $"token {id} at byte {offset}: truncated score/length (only {data.Length - offset} bytes left)");
            float score = BinaryPrimitives.ReadSingleLittleEndian(data[offset..]);
            int length = BinaryPrimitives.ReadInt32LittleEndian(data[(offset + 4)..]);
            offset += 8;
            if (float.IsNaN(score))
                throw Fault(path, $"token {id}: score is NaN");
            if (length < 0 || length > maxTokenLength)
                throw Fault(path, $"token {id}: length {length} is outside [0, max_token_length = {maxTokenLength}]");
            if (length > data.Length - offset)
                throw Fault(path, $"token {id} at byte {offset}: length {length} runs past the end of the file ({data.Length - offset} bytes left)");

            try
            {
                pieces.Add(StrictUtf8.GetString(data.Slice(offset, length)));
            }
            catch (DecoderFallbackException e)
            {
                throw new ModelLoadException(path, $"token {id}: piece is not valid UTF-8", e);
            }

            scores.Add(score);
            offset += length;
        }

        return new Llama2cTokenizerFile(path, maxTokenLength, [.. pieces], [.. scores]);
    }

    /// <summary>
    /// Converts to a <see cref="Vocabulary"/> as GGUF would hold it: spaces back to <c>▁</c>, BOS/EOS back to
    /// <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>; ids 0/1/2 are unknown/BOS/EOS, <c>&lt;0xXX&gt;</c> pieces are byte tokens,
    /// the rest normal. BOS is added by default and the dummy-prefix rule applies, as in llama2.c's <c>encode</c>.
    /// </summary>
    /// <exception cref="ModelLoadException">Fewer than 3 tokens, or the pieces do not make a valid vocabulary.</exception>
    public Vocabulary ToVocabulary()
    {
        if (_pieces.Length < 3)
            throw Fault(Path, $"{_pieces.Length} tokens: llama2.c needs at least <unk>, <s> and </s>");

        var pieces = new string[_pieces.Length];
        var kinds = new TokenKind[_pieces.Length];
        for (int id = 0; id < pieces.Length; id++)
        {
            string piece = _pieces[id];
            (pieces[id], kinds[id]) = id switch
            {
                0 => (piece, TokenKind.Unknown),
                1 or 2 => (piece.Trim('\n'), TokenKind.Control),
                _ when Vocabulary.TryParseBytePiece(piece, out _) => (piece, TokenKind.Byte),
                _ => (piece.Replace(' ', Vocabulary.SpaceSymbol), TokenKind.Normal),
            };
        }

        var options = new VocabularyOptions
        {
            Unk = new TokenId(0),
            Bos = new TokenId(1),
            Eos = new TokenId(2),
            AddBos = true,
            AddEos = false,
            AddSpacePrefix = true,
        };
        try
        {
            return Vocabulary.Create(pieces, _scores, kinds, options);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(Path, e.Message, e);
        }
    }

    /// <summary>Reads <paramref name="path"/> and converts it: <c>Read(path, vocabSize).ToVocabulary()</c>.</summary>
    public static Vocabulary ReadVocabulary(string path, int? vocabSize = null) => Read(path, vocabSize).ToVocabulary();

    private static ModelLoadException Fault(string path, string fault) => new(path, fault);
}
