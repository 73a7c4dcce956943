using Augur.Models.Tokenizers;

namespace Augur.Models.Gguf;

/// <summary>
/// Reads and writes the vocabulary a GGUF file embeds (<c>tokenizer.ggml.*</c>). Supported: <c>tokenizer.ggml.model = llama</c>
/// (SentencePiece BPE, for <see cref="SentencePieceBpeTokenizer"/>). Byte-level BPE (<c>gpt2</c>) is not supported yet.
/// </summary>
public static class GgufVocabulary
{
    /// <summary>
    /// The vocabulary of <paramref name="file"/>: <c>tokens</c> (required), <c>scores</c> (default 0),
    /// <c>token_type</c> (default normal; type 0 "undefined" is read as normal), <c>bos_token_id</c> (default 1),
    /// <c>eos_token_id</c> (2), <c>unknown_token_id</c> (0), <c>padding_token_id</c> (none; negative means none),
    /// <c>add_bos_token</c> (true), <c>add_eos_token</c> (false), <c>add_space_prefix</c> (true).
    /// </summary>
    /// <exception cref="ModelLoadException">The tokenizer metadata is missing, mistyped or inconsistent, or its model
    /// is not one Augur supports.</exception>
    public static Vocabulary Read(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.TryGetString(GgufKeys.TokenizerModel, out string? model))
            throw new ModelLoadException(file.Path, $"the file has no tokenizer: metadata key '{GgufKeys.TokenizerModel}' is missing.");
        switch (model)
        {
            case "llama":
                return ReadSentencePiece(file);
            case "gpt2":
                throw new ModelLoadException(file.Path,
                    $"tokenizer model 'gpt2' (byte-level BPE, as in Llama 3 and Qwen2) is not supported yet; only 'llama' (SentencePiece) is.");
            default:
                throw new ModelLoadException(file.Path, $"tokenizer model '{model}' is not supported; only 'llama' (SentencePiece) is.");
        }
    }

    /// <summary>
    /// Adds <paramref name="vocabulary"/> to <paramref name="writer"/> as llama.cpp's converters write a SentencePiece
    /// vocabulary: <c>tokenizer.ggml.model = llama</c>, pieces, scores, token types, special ids and the BOS/EOS/space-prefix flags.
    /// </summary>
    public static void Write(GgufWriter writer, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(vocabulary);
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
            .Add(GgufKeys.TokenizerAddBosToken, vocabulary.AddBos)
            .Add(GgufKeys.TokenizerAddEosToken, vocabulary.AddEos)
            .Add(GgufKeys.TokenizerAddSpacePrefix, vocabulary.AddSpacePrefix);
    }

    private static Vocabulary ReadSentencePiece(GgufFile file)
    {
        string[] pieces = file.GetStringArray(GgufKeys.TokenizerTokens);
        if (pieces.Length == 0)
            throw new ModelLoadException(file.Path, $"'{GgufKeys.TokenizerTokens}' is empty.");

        float[] scores = file.TryGet<float[]>(GgufKeys.TokenizerScores, out float[]? s) ? s : new float[pieces.Length];
        CheckLength(file, GgufKeys.TokenizerScores, scores.Length, pieces.Length);

        var kinds = new TokenKind[pieces.Length];
        if (file.TryGet<int[]>(GgufKeys.TokenizerTokenType, out int[]? types))
        {
            CheckLength(file, GgufKeys.TokenizerTokenType, types.Length, pieces.Length);
            for (int i = 0; i < kinds.Length; i++)
            {
                kinds[i] = types[i] switch
                {
                    0 => TokenKind.Normal, // LLAMA_TOKEN_TYPE_UNDEFINED
                    >= (int)TokenKind.Normal and <= (int)TokenKind.Byte => (TokenKind)types[i],
                    _ => throw new ModelLoadException(file.Path, $"token {i} has unknown type {types[i]} in '{GgufKeys.TokenizerTokenType}'."),
                };
            }
        }
        else
        {
            Array.Fill(kinds, TokenKind.Normal);
        }

        var options = new VocabularyOptions
        {
            Bos = ReadId(file, GgufKeys.TokenizerBosTokenId, 1),
            Eos = ReadId(file, GgufKeys.TokenizerEosTokenId, 2),
            Unk = ReadId(file, GgufKeys.TokenizerUnknownTokenId, 0),
            Pad = file.TryGet(GgufKeys.TokenizerPaddingTokenId, out long pad) && IsId(pad) ? new TokenId((int)pad) : null,
            AddBos = file.GetOrDefault(GgufKeys.TokenizerAddBosToken, true),
            AddEos = file.GetOrDefault(GgufKeys.TokenizerAddEosToken, false),
            AddSpacePrefix = file.GetOrDefault(GgufKeys.TokenizerAddSpacePrefix, true),
        };

        try
        {
            return Vocabulary.Create(pieces, scores, kinds, options);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(file.Path, $"invalid vocabulary: {e.Message}", e);
        }
    }

    private static TokenId ReadId(GgufFile file, string key, int defaultId)
    {
        long id = file.GetOrDefault(key, (long)defaultId);
        return IsId(id) ? new TokenId((int)id) : throw new ModelLoadException(file.Path, $"'{key}' = {id} is not a token id.");
    }

    /// <summary>Writers store "no token" as -1, in a signed or (as 0xFFFFFFFF) an unsigned 32-bit key.</summary>
    private static bool IsId(long id) => id is >= 0 and <= int.MaxValue;

    private static void CheckLength(GgufFile file, string key, int length, int expected)
    {
        if (length != expected)
            throw new ModelLoadException(file.Path, $"'{key}' has {length} entries, but there are {expected} tokens.");
    }
}
