using System.Text;
using System.Text.Unicode;

namespace Augur.Models.Tokenizers;

/// <summary>The three <c>sentencepiece_model.proto</c> messages the loader reads, field numbers as in that file.</summary>
public static partial class SentencePieceModelFile
{
    private const int BpeModelType = 2;

    /// <summary><c>ModelProto.SentencePiece { string piece = 1; float score = 2; Type type = 3 [default = NORMAL]; }</c></summary>
    private static void ReadPiece(ProtobufReader message, Pieces pieces)
    {
        int id = pieces.Text.Count;
        int start = message.Offset;
        string? text = null;
        float score = 0;
        int type = (int)TokenKind.Normal;
        while (!message.End)
        {
            (int field, WireType wire) = message.ReadTag();
            int at = message.Offset;
            switch (field)
            {
                case 1:
                    message.Expect(wire, WireType.LengthDelimited, "SentencePiece.piece");
                    text = TryDecodeUtf8(message.ReadBytes());
                    if (text is null)
                        message.Fail(at, $"piece {id}: text is not valid UTF-8");
                    break;
                case 2:
                    message.Expect(wire, WireType.Fixed32, "SentencePiece.score");
                    score = message.ReadFloat();
                    if (float.IsNaN(score))
                        message.Fail(at, $"piece {id}: score is NaN");
                    break;
                case 3:
                    message.Expect(wire, WireType.Varint, "SentencePiece.type");
                    type = message.ReadInt32("SentencePiece.type");
                    if (type is < (int)TokenKind.Normal or > (int)TokenKind.Byte)
                        message.Fail(at, $"piece {id}: undefined type {type} (NORMAL=1 .. BYTE=6)");
                    break;
                default:
                    message.Skip(wire);
                    break;
            }
        }

        if (string.IsNullOrEmpty(text))
            message.Fail(start, $"piece {id} has no text");
        pieces.Text.Add(text);
        pieces.Scores.Add(score);
        pieces.Kinds.Add((TokenKind)type); // SentencePiece's Type values are TokenKind's
    }

    /// <summary>The fields of <c>TrainerSpec</c> that change how text is tokenized.</summary>
    private static void ReadTrainerSpec(ProtobufReader message, TrainerSpec spec)
    {
        while (!message.End)
        {
            (int field, WireType wire) = message.ReadTag();
            switch (field)
            {
                case 3:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.model_type");
                    spec.ModelType = message.ReadInt32("TrainerSpec.model_type");
                    break;
                case 24:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.treat_whitespace_as_suffix");
                    spec.TreatWhitespaceAsSuffix = message.ReadBool();
                    break;
                case 35:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.byte_fallback");
                    spec.ByteFallback = message.ReadBool();
                    break;
                case 40:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.unk_id");
                    spec.UnkId = message.ReadInt32("TrainerSpec.unk_id");
                    break;
                case 41:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.bos_id");
                    spec.BosId = message.ReadInt32("TrainerSpec.bos_id");
                    break;
                case 42:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.eos_id");
                    spec.EosId = message.ReadInt32("TrainerSpec.eos_id");
                    break;
                case 43:
                    message.Expect(wire, WireType.Varint, "TrainerSpec.pad_id");
                    spec.PadId = message.ReadInt32("TrainerSpec.pad_id");
                    break;
                default:
                    message.Skip(wire);
                    break;
            }
        }
    }

    /// <summary>The fields of <c>NormalizerSpec</c> that change how text is tokenized.</summary>
    private static void ReadNormalizerSpec(ProtobufReader message, NormalizerSpec spec)
    {
        while (!message.End)
        {
            (int field, WireType wire) = message.ReadTag();
            int at = message.Offset;
            switch (field)
            {
                case 1:
                    message.Expect(wire, WireType.LengthDelimited, "NormalizerSpec.name");
                    spec.Name = TryDecodeUtf8(message.ReadBytes()) ?? message.Fail<string>(at, "NormalizerSpec.name is not valid UTF-8");
                    break;
                case 2:
                    message.Expect(wire, WireType.LengthDelimited, "NormalizerSpec.precompiled_charsmap");
                    spec.PrecompiledCharsmapBytes = message.ReadBytes().Length;
                    break;
                case 3:
                    message.Expect(wire, WireType.Varint, "NormalizerSpec.add_dummy_prefix");
                    spec.AddDummyPrefix = message.ReadBool();
                    break;
                // 4, remove_extra_whitespaces: accepted and not applied (see the class remarks), so skipped.
                case 5:
                    message.Expect(wire, WireType.Varint, "NormalizerSpec.escape_whitespaces");
                    spec.EscapeWhitespaces = message.ReadBool();
                    break;
                default:
                    message.Skip(wire);
                    break;
            }
        }
    }

    private static string? TryDecodeUtf8(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The pieces read so far, as parallel lists.</summary>
    private sealed class Pieces
    {
        public List<string> Text { get; } = [];

        public List<float> Scores { get; } = [];

        public List<TokenKind> Kinds { get; } = [];
    }

    /// <summary><c>TrainerSpec</c> fields with the proto file's defaults.</summary>
    private sealed class TrainerSpec
    {
        public int ModelType { get; set; } = 1; // UNIGRAM

        public bool TreatWhitespaceAsSuffix { get; set; }

        public bool ByteFallback { get; set; }

        public int UnkId { get; set; }

        public int BosId { get; set; } = 1;

        public int EosId { get; set; } = 2;

        public int PadId { get; set; } = -1;
    }

    /// <summary><c>NormalizerSpec</c> fields with the proto file's defaults.</summary>
    private sealed class NormalizerSpec
    {
        public string Name { get; set; } = "";

        public int PrecompiledCharsmapBytes { get; set; }

        public bool AddDummyPrefix { get; set; } = true;

        public bool EscapeWhitespaces { get; set; } = true;
    }
}
