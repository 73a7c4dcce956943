using System.Runtime.InteropServices;

namespace Augur.Models.Tokenizers;

/// <summary>
/// Loads a SentencePiece <c>tokenizer.model</c> (a serialized <c>sentencepiece.ModelProto</c>: Llama 2, Mistral,
/// llama2.c's <c>tok*.model</c>) into a <see cref="Vocabulary"/>, with a protobuf reader of its own.
/// </summary>
/// <remarks>
/// <para>Read: every piece (text, score, type), <c>trainer_spec</c>'s <c>model_type</c>, <c>unk_id</c>, <c>bos_id</c>,
/// <c>eos_id</c>, <c>pad_id</c>, <c>byte_fallback</c> and <c>treat_whitespace_as_suffix</c>, and
/// <c>normalizer_spec</c>'s <c>name</c>, <c>precompiled_charsmap</c>, <c>add_dummy_prefix</c> and
/// <c>escape_whitespaces</c>. Everything else is skipped (all four wire types; groups are refused).</para>
/// <para>Refused with a <see cref="ModelLoadException"/>, because <see cref="SentencePieceBpeTokenizer"/> would
/// tokenize differently from SentencePiece: models other than BPE (unigram, word, char); normalizers that rewrite the
/// text (a non-empty <c>precompiled_charsmap</c>, e.g. <c>nmt_nfkc</c>; only <c>identity</c> is supported);
/// <c>escape_whitespaces = false</c>; <c>treat_whitespace_as_suffix = true</c>; disabled BOS, EOS or unknown ids.</para>
/// <para>Accepted but not applied: <c>remove_extra_whitespaces</c> (SentencePiece's default, true, when the field is
/// absent, as in stories260K's <c>tok512.model</c>; SentencePiece would collapse runs of spaces and trim the text,
/// while this tokenizer, like llama.cpp's SPM path, keeps the text as given). A vocabulary with all 256
/// <c>&lt;0xXX&gt;</c> pieces uses byte fallback even if <c>byte_fallback</c> is false.</para>
/// <para>The result adds BOS by default and no EOS (as llama.cpp and Hugging Face do for these models;
/// SentencePiece itself adds neither), and takes its space prefix from <c>add_dummy_prefix</c>.</para>
/// </remarks>
public static partial class SentencePieceModelFile
{
    /// <summary>Files larger than this are refused (Llama 2's is about 0.5 MB, Gemma's 4 MB).</summary>
    public const int MaxFileBytes = 64 << 20;

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="ModelLoadException">
    /// The file is missing or unreadable, over <see cref="MaxFileBytes"/>, malformed (truncated, bad varint, tag,
    /// wire type or length, invalid UTF-8, NaN score, undefined piece type), unsupported (see remarks), or its
    /// special ids fall outside the pieces.
    /// </exception>
    public static Vocabulary Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] data = BoundedFile.ReadAll(path, MaxFileBytes);
        return Parse(path, data);
    }

    /// <summary>Parses the bytes of a <c>tokenizer.model</c>; <paramref name="path"/> only names it in errors.</summary>
    /// <exception cref="ModelLoadException">As for <see cref="Read"/>.</exception>
    public static Vocabulary Parse(string path, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (data.Length > MaxFileBytes)
            throw new ModelLoadException(path, $"the file is {data.Length} bytes, more than the {MaxFileBytes} a tokenizer.model may have");

        var pieces = new Pieces();
        var trainer = new TrainerSpec();
        var normalizer = new NormalizerSpec();
        var reader = new ProtobufReader(path, data);
        while (!reader.End)
        {
            (int field, WireType wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.pieces");
                    ReadPiece(reader.ReadMessage(), pieces);
                    break;
                case 2:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.trainer_spec");
                    ReadTrainerSpec(reader.ReadMessage(), trainer); // repeated messages merge, as in protobuf
                    break;
                case 3:
                    reader.Expect(wire, WireType.LengthDelimited, "ModelProto.normalizer_spec");
                    ReadNormalizerSpec(reader.ReadMessage(), normalizer);
                    break;
                default:
                    reader.Skip(wire); // self_test_data, denormalizer_spec, extensions
                    break;
            }
        }

        return ToVocabulary(path, pieces, trainer, normalizer);
    }

    private static Vocabulary ToVocabulary(string path, Pieces pieces, TrainerSpec trainer, NormalizerSpec normalizer)
    {
        int count = pieces.Text.Count;
        if (count == 0)
            throw Fault(path, "the model has no pieces");
        if (trainer.ModelType != BpeModelType)
            throw Fault(path, $"model_type is {ModelTypeName(trainer.ModelType)}; only BPE (2) models are supported");
        if (normalizer.PrecompiledCharsmapBytes > 0)
        {
            throw Fault(path, $"normalizer '{normalizer.Name}' rewrites the text (a {normalizer.PrecompiledCharsmapBytes}-byte " +
                "precompiled_charsmap); only the identity normalizer is supported");
        }

        if (!normalizer.EscapeWhitespaces)
            throw Fault(path, "escape_whitespaces is false; only models that turn spaces into U+2581 are supported");
        if (trainer.TreatWhitespaceAsSuffix)
            throw Fault(path, "treat_whitespace_as_suffix is true; only prefix whitespace is supported");

        var options = new VocabularyOptions
        {
            Unk = SpecialId(path, "unk_id", trainer.UnkId, count),
            Bos = SpecialId(path, "bos_id", trainer.BosId, count),
            Eos = SpecialId(path, "eos_id", trainer.EosId, count),
            Pad = trainer.PadId == -1 ? null : SpecialId(path, "pad_id", trainer.PadId, count),
            AddBos = true,
            AddEos = false,
            AddSpacePrefix = normalizer.AddDummyPrefix,
        };

        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.Create(
                CollectionsMarshal.AsSpan(pieces.Text), CollectionsMarshal.AsSpan(pieces.Scores),
                CollectionsMarshal.AsSpan(pieces.Kinds), options);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(path, e.Message, e);
        }

        if (trainer.ByteFallback && !vocabulary.HasByteFallback)
            throw Fault(path, "byte_fallback is true but the pieces lack some of the 256 <0xXX> byte tokens");
        return vocabulary;
    }

    private static TokenId SpecialId(string path, string name, int id, int count)
    {
        if (id == -1)
            throw Fault(path, $"{name} is -1 (disabled); a vocabulary needs unknown, BOS and EOS tokens");
        if ((uint)id >= (uint)count)
            throw Fault(path, $"{name} = {id} is outside the {count} pieces");
        return new TokenId(id);
    }

    private static string ModelTypeName(int type) => type switch
    {
        1 => "UNIGRAM (1)",
        2 => "BPE (2)",
        3 => "WORD (3)",
        4 => "CHAR (4)",
        _ => $"undefined ({type})",
    };

    private static ModelLoadException Fault(string path, string fault) => new(path, fault);
}
