using System.Buffers.Text;
using System.Globalization;

namespace Augur.Models.Tokenizers;

/// <summary>
/// Reads a tiktoken "BPE ranks" file (Llama 3's <c>tokenizer.model</c>, OpenAI's <c>gpt2.tiktoken</c>): one line per
/// token, <c>base64(token bytes) SPACE rank</c>. Ranks are token ids and must be 0..n-1, each once; special tokens are
/// not in the file and follow as ids n, n+1, ...
/// </summary>
public static class TiktokenFile
{
    /// <summary>
    /// Llama 3's 256 special tokens, ids 128000..128255, as named by Meta's <c>tokenizer.py</c>:
    /// <c>&lt;|begin_of_text|&gt;</c> (BOS), <c>&lt;|end_of_text|&gt;</c> (EOS), <c>&lt;|start_header_id|&gt;</c>,
    /// <c>&lt;|end_header_id|&gt;</c>, <c>&lt;|eom_id|&gt;</c>, <c>&lt;|eot_id|&gt;</c>... and the reserved ones.
    /// </summary>
    public static IReadOnlyList<string> Llama3SpecialTokens { get; } = BuildLlama3SpecialTokens();

    /// <summary>Reads Llama 3's <c>tokenizer.model</c>: Llama 3 pre-tokenizer, its special tokens, BOS added.</summary>
    /// <exception cref="ModelLoadException">See <see cref="Read"/>.</exception>
    public static ByteLevelBpeTokenizer ReadLlama3(string path) =>
        Read(path, PreTokenizerKind.Llama3, Llama3SpecialTokens, "<|begin_of_text|>", "<|end_of_text|>", addBos: true);

    /// <summary>Reads OpenAI's <c>gpt2.tiktoken</c>: GPT-2 pre-tokenizer, <c>&lt;|endoftext|&gt;</c> as the one special token, no BOS.</summary>
    /// <exception cref="ModelLoadException">See <see cref="Read"/>.</exception>
    public static ByteLevelBpeTokenizer ReadGpt2(string path) =>
        Read(path, PreTokenizerKind.Gpt2, ["<|endoftext|>"], "<|endoftext|>", "<|endoftext|>", addBos: false);

    /// <summary>
    /// Reads a ranks file into a rank-based tokenizer (<see cref="ByteLevelBpeTokenizer.CreateFromRanks"/>) with
    /// <paramref name="specialTokens"/> as control tokens after the ranked ones.
    /// </summary>
    /// <exception cref="ModelLoadException">The file is missing or too large, a line is not "base64 rank", the base64
    /// is bad or empty, a rank is repeated or out of range, a token repeats another, a byte has no token of its own,
    /// or <paramref name="bosPiece"/>/<paramref name="eosPiece"/> is not a special token.</exception>
    public static ByteLevelBpeTokenizer Read(string path, PreTokenizerKind preTokenizer, IReadOnlyList<string> specialTokens,
        string bosPiece, string eosPiece, bool addBos)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(specialTokens);
        string[] ranked = ReadRanks(path);
        var pieces = new string[ranked.Length + specialTokens.Count];
        var kinds = new TokenKind[pieces.Length];
        ranked.CopyTo(pieces, 0);
        kinds.AsSpan(0, ranked.Length).Fill(TokenKind.Normal);
        for (int i = 0; i < specialTokens.Count; i++)
        {
            pieces[ranked.Length + i] = specialTokens[i];
            kinds[ranked.Length + i] = TokenKind.Control;
        }

        int bos = Array.IndexOf(pieces, bosPiece, ranked.Length);
        int eos = Array.IndexOf(pieces, eosPiece, ranked.Length);
        if (bos < 0 || eos < 0)
            throw new ModelLoadException(path, $"BOS \"{bosPiece}\" and EOS \"{eosPiece}\" must be special tokens.");
        var options = new VocabularyOptions
        {
            Bos = new TokenId(bos),
            Eos = new TokenId(eos),
            Unk = new TokenId(eos),
            AddBos = addBos,
            AddSpacePrefix = false,
        };
        try
        {
            return ByteLevelBpeTokenizer.CreateFromRanks(Vocabulary.Create(pieces, new float[pieces.Length], kinds, options), preTokenizer);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(path, $"invalid tiktoken vocabulary: {e.Message}", e);
        }
    }

    /// <summary>The tokens of a ranks file in rank order, in GPT-2's byte-level form (<see cref="ByteUnicodeMap"/>).</summary>
    /// <exception cref="ModelLoadException">See <see cref="Read"/>.</exception>
    public static string[] ReadRanks(string path)
    {
        byte[] data = BoundedFile.ReadAll(path, HuggingFaceBpeFiles.MaxFileBytes);
        var lines = new List<(int Rank, string Piece)>();
        byte[] token = new byte[256];
        int lineNumber = 0;
        for (int at = 0; at < data.Length; at++)
        {
            int end = Array.IndexOf(data, (byte)'\n', at);
            if (end < 0)
                end = data.Length;
            lineNumber++;
            ReadOnlySpan<byte> line = data.AsSpan(at, end - at);
            at = end;
            if (line.EndsWith((byte)'\r'))
                line = line[..^1];
            if (line.IsEmpty)
                continue; // as tiktoken: empty lines are skipped

            int space = line.IndexOf((byte)' ');
            if (space <= 0 || line[(space + 1)..].Contains((byte)' '))
                throw new ModelLoadException(path, $"line {lineNumber} is not \"base64 rank\".");
            if (!int.TryParse(line[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int rank))
                throw new ModelLoadException(path, $"line {lineNumber}: the rank is not a non-negative integer.");
            ReadOnlySpan<byte> base64 = line[..space];
            if (Base64.GetMaxDecodedFromUtf8Length(base64.Length) > token.Length)
                token = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
            if (Base64.DecodeFromUtf8(base64, token, out int consumed, out int written) != System.Buffers.OperationStatus.Done
                || consumed != base64.Length || written == 0)
            {
                throw new ModelLoadException(path, $"line {lineNumber}: the token is not valid, non-empty base64.");
            }

            lines.Add((rank, ByteUnicodeMap.Encode(token.AsSpan(0, written))));
        }

        var pieces = new string[lines.Count];
        foreach ((int rank, string piece) in lines)
        {
            if (rank >= pieces.Length)
                throw new ModelLoadException(path, $"rank {rank} is out of range: {pieces.Length} tokens must have ranks 0..{pieces.Length - 1}.");
            if (pieces[rank] is not null)
                throw new ModelLoadException(path, $"rank {rank} is given twice.");
            pieces[rank] = piece;
        }

        if (pieces.Length == 0)
            throw new ModelLoadException(path, "the file has no tokens.");
        return pieces;
    }

    private static string[] BuildLlama3SpecialTokens()
    {
        var names = new string[256];
        string[] named =
        [
            "<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
            "<|finetune_right_pad_id|>", "<|step_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>",
            "<|eot_id|>", "<|python_tag|>", "<|image|>",
        ];
        named.CopyTo(names, 0);
        for (int i = named.Length; i < names.Length; i++)
            names[i] = $"<|reserved_special_token_{i - named.Length + 2}|>";
        return names;
    }
}
