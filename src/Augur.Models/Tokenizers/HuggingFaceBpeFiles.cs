using System.Text;
using System.Text.Json;

namespace Augur.Models.Tokenizers;

/// <summary>
/// Reads a Hugging Face byte-level BPE tokenizer in its "slow" files (GPT-2, Qwen2): <c>vocab.json</c> (piece → id, in
/// byte-level form), <c>merges.txt</c> (an optional <c>#version</c> line, then one "left right" merge per line, best
/// first) and optionally <c>added_tokens.json</c> (piece → id).
/// </summary>
/// <remarks>
/// Added tokens and the end-of-text piece become control tokens; BOS and EOS are the end-of-text token and no BOS is
/// added (GPT-2, Qwen2). Ids must cover 0..n-1 exactly once.
/// </remarks>
public static class HuggingFaceBpeFiles
{
    /// <summary>Files larger than this are refused (Qwen2's vocab.json is about 2.8 MB).</summary>
    public const int MaxFileBytes = 64 << 20;

    /// <exception cref="ModelLoadException">A file is missing, too large or malformed, an id is repeated or missing,
    /// a merge is bad (see <see cref="ByteLevelBpeTokenizer.Create"/>), or there is no <paramref name="endOfTextPiece"/>.</exception>
    public static ByteLevelBpeTokenizer Read(string vocabJsonPath, string mergesTxtPath, string? addedTokensJsonPath,
        PreTokenizerKind preTokenizer, string endOfTextPiece = "<|endoftext|>")
    {
        ArgumentNullException.ThrowIfNull(vocabJsonPath);
        ArgumentNullException.ThrowIfNull(mergesTxtPath);
        ArgumentNullException.ThrowIfNull(endOfTextPiece);

        List<(string Piece, int Id)> entries = ReadJsonMap(vocabJsonPath);
        int normalCount = entries.Count;
        if (addedTokensJsonPath is not null)
            entries.AddRange(ReadJsonMap(addedTokensJsonPath));

        var pieces = new string[entries.Count];
        var kinds = new TokenKind[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            (string piece, int id) = entries[i];
            string path = i < normalCount ? vocabJsonPath : addedTokensJsonPath!;
            if (id >= pieces.Length)
                throw new ModelLoadException(path, $"\"{piece}\" has id {id}, but there are only {pieces.Length} tokens: ids must be 0..{pieces.Length - 1}.");
            if (pieces[id] is not null)
                throw new ModelLoadException(path, $"id {id} is given to both \"{pieces[id]}\" and \"{piece}\".");
            pieces[id] = piece;
            kinds[id] = i < normalCount && piece != endOfTextPiece ? TokenKind.Normal : TokenKind.Control;
        }

        int endOfText = Array.IndexOf(pieces, endOfTextPiece);
        if (endOfText < 0)
            throw new ModelLoadException(vocabJsonPath, $"there is no end-of-text token \"{endOfTextPiece}\".");

        string[] merges = ReadMerges(mergesTxtPath);
        var options = new VocabularyOptions
        {
            Bos = new TokenId(endOfText),
            Eos = new TokenId(endOfText),
            Unk = new TokenId(endOfText),
            AddBos = false,
            AddSpacePrefix = false,
        };
        try
        {
            return ByteLevelBpeTokenizer.Create(Vocabulary.Create(pieces, new float[pieces.Length], kinds, options), merges, preTokenizer);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(mergesTxtPath, $"invalid byte-level BPE tokenizer: {e.Message}", e);
        }
    }

    /// <summary>The merge lines of a <c>merges.txt</c>, without its <c>#version</c> header.</summary>
    /// <exception cref="ModelLoadException">The file is missing, too large, not UTF-8, or has an empty line before its end.</exception>
    public static string[] ReadMerges(string path)
    {
        string text = ReadText(path);
        string[] lines = text.Split('\n');
        int count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0)
            count--; // the final newline
        int first = count > 0 && lines[0].StartsWith("#version", StringComparison.Ordinal) ? 1 : 0;
        var merges = new string[count - first];
        for (int i = first; i < count; i++)
        {
            string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (line.Length == 0)
                throw new ModelLoadException(path, $"line {i + 1} is empty.");
            merges[i - first] = line;
        }

        return merges;
    }

    private static List<(string Piece, int Id)> ReadJsonMap(string path)
    {
        byte[] data = ReadBytes(path);
        var entries = new List<(string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new ModelLoadException(path, "the file is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string piece = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int id) || id < 0)
                    throw new ModelLoadException(path, $"the id of \"{piece}\" is not a non-negative 32-bit integer.");
                if (!seen.Add(piece))
                    throw new ModelLoadException(path, $"\"{piece}\" appears twice.");
                entries.Add((piece, id));
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                throw new ModelLoadException(path, "the JSON object is not a flat map of piece to id.");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"invalid JSON: {e.Message}", e);
        }

        return entries;
    }

    private static string ReadText(string path)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(ReadBytes(path));
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelLoadException(path, "the file is not valid UTF-8.", e);
        }
    }

    private static byte[] ReadBytes(string path) => BoundedFile.ReadAll(path, MaxFileBytes);
}
