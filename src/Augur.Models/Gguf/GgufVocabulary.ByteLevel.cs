using Augur.Models.Tokenizers;

namespace Augur.Models.Gguf;

public static partial class GgufVocabulary
{
    /// <summary>
    /// The tokenizer of <paramref name="file"/>, whichever its kind: <c>llama</c> as in <see cref="Read"/>, or
    /// <c>gpt2</c> (byte-level BPE): <c>tokens</c> and <c>merges</c> (required), <c>token_type</c> (default normal),
    /// <c>pre</c> (default <c>default</c>, see <see cref="PreTokenizers"/>), <c>bos_token_id</c> and
    /// <c>eos_token_id</c> (required), <c>unknown_token_id</c> (default EOS; byte-level BPE never produces it),
    /// <c>padding_token_id</c> (none), <c>add_bos_token</c> (default true for <c>llama-bpe</c>, else false, as in
    /// llama.cpp), <c>add_eos_token</c> (false).
    /// </summary>
    /// <exception cref="ModelLoadException">The tokenizer metadata is missing, mistyped or inconsistent, or its model
    /// or pre-tokenizer is not one Augur supports.</exception>
    public static ITokenizer ReadTokenizer(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.TryGetString(GgufKeys.TokenizerModel, out string? model))
            throw new ModelLoadException(file.Path, $"the file has no tokenizer: metadata key '{GgufKeys.TokenizerModel}' is missing.");
        return model == "gpt2" ? ReadByteLevel(file) : SentencePieceBpeTokenizer.Create(Read(file));
    }

    /// <summary>
    /// Adds <paramref name="tokenizer"/> to <paramref name="writer"/> as llama.cpp's converters write a byte-level BPE
    /// vocabulary: <c>tokenizer.ggml.model = gpt2</c>, <c>pre</c>, pieces, token types, merges ("left right", rank order;
    /// derived for a tiktoken-ranked tokenizer, see <see cref="ByteLevelBpeTokenizer.GetMerges"/>), special ids and flags.
    /// </summary>
    public static void Write(GgufWriter writer, ByteLevelBpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tokenizer);
        Vocabulary vocabulary = tokenizer.Vocabulary;
        var pieces = new string[vocabulary.Count];
        var types = new int[vocabulary.Count];
        for (int id = 0; id < pieces.Length; id++)
        {
            pieces[id] = vocabulary.GetPiece(new TokenId(id));
            types[id] = (int)vocabulary.GetKind(new TokenId(id));
        }

        writer.Add(GgufKeys.TokenizerModel, "gpt2")
            .Add(GgufKeys.TokenizerPre, PreTokenizers.ToGgufName(tokenizer.PreTokenizer))
            .Add(GgufKeys.TokenizerTokens, pieces)
            .Add(GgufKeys.TokenizerTokenType, types)
            .Add(GgufKeys.TokenizerMerges, tokenizer.GetMerges())
            .Add(GgufKeys.TokenizerBosTokenId, (uint)vocabulary.Bos.Value)
            .Add(GgufKeys.TokenizerEosTokenId, (uint)vocabulary.Eos.Value)
            .Add(GgufKeys.TokenizerUnknownTokenId, (uint)vocabulary.Unk.Value)
            .Add(GgufKeys.TokenizerAddBosToken, vocabulary.AddBos)
            .Add(GgufKeys.TokenizerAddEosToken, vocabulary.AddEos);
        if (vocabulary.Pad is TokenId pad)
            writer.Add(GgufKeys.TokenizerPaddingTokenId, (uint)pad.Value);
    }

    private static ByteLevelBpeTokenizer ReadByteLevel(GgufFile file)
    {
        string[] pieces = file.GetStringArray(GgufKeys.TokenizerTokens);
        if (pieces.Length == 0)
            throw new ModelLoadException(file.Path, $"'{GgufKeys.TokenizerTokens}' is empty.");
        TokenKind[] kinds = ReadKinds(file, pieces.Length);
        if (!file.TryGet<string[]>(GgufKeys.TokenizerMerges, out string[]? merges))
            throw new ModelLoadException(file.Path, $"a 'gpt2' tokenizer needs '{GgufKeys.TokenizerMerges}', which is missing.");

        string pre = file.GetOrDefault(GgufKeys.TokenizerPre, "default");
        if (!PreTokenizers.TryParse(pre, out PreTokenizerKind preTokenizer))
            throw new ModelLoadException(file.Path, $"pre-tokenizer '{pre}' ('{GgufKeys.TokenizerPre}') is not supported; 'llama-bpe', 'qwen2', 'gpt-2' and 'default' are.");

        foreach (string key in (ReadOnlySpan<string>)[GgufKeys.TokenizerBosTokenId, GgufKeys.TokenizerEosTokenId])
        {
            if (!file.ContainsKey(key))
                throw new ModelLoadException(file.Path, $"a 'gpt2' tokenizer needs '{key}', which is missing.");
        }

        TokenId eos = ReadId(file, GgufKeys.TokenizerEosTokenId, 0);
        var options = new VocabularyOptions
        {
            Bos = ReadId(file, GgufKeys.TokenizerBosTokenId, 0),
            Eos = eos,
            Unk = ReadId(file, GgufKeys.TokenizerUnknownTokenId, eos.Value),
            Pad = file.TryGet(GgufKeys.TokenizerPaddingTokenId, out long pad) && IsId(pad) ? new TokenId((int)pad) : null,
            AddBos = file.GetOrDefault(GgufKeys.TokenizerAddBosToken, preTokenizer == PreTokenizerKind.Llama3),
            AddEos = file.GetOrDefault(GgufKeys.TokenizerAddEosToken, false),
            AddSpacePrefix = false,
        };

        try
        {
            return ByteLevelBpeTokenizer.Create(Vocabulary.Create(pieces, new float[pieces.Length], kinds, options), merges, preTokenizer);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(file.Path, $"invalid byte-level BPE vocabulary: {e.Message}", e);
        }
    }
}
