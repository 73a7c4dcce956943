using System.Text.RegularExpressions;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// Small <c>ModelProto</c>s written by <see cref="ProtoWriter"/>: what a valid one yields, and that malformed,
/// truncated, damaged and unsupported ones fail with a <see cref="ModelLoadException"/> naming the file and the fault.
/// </summary>
public sealed partial class SentencePieceModelFileHostileTests
{
    private const string ModelPath = "synthetic.model";
    private const int Seeds = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public void Parse_SmallModel_YieldsWhatWasWritten()
    {
        byte[] data = SmallModel().ToArray();

        Vocabulary vocabulary = SentencePieceModelFile.Parse(ModelPath, data);

        Assert.Equal(7, vocabulary.Count);
        (string, float, TokenKind)[] expected =
        [
            ("<unk>", 0, TokenKind.Unknown), ("<s>", 0, TokenKind.Control), ("</s>", 0, TokenKind.Control),
            ("▁a", -1.5f, TokenKind.Normal), ("b", -2, TokenKind.Normal), ("<tool>", 0, TokenKind.UserDefined),
            ("é", -3.25f, TokenKind.Normal), // its type field is absent: NORMAL by default
        ];
        for (int id = 0; id < expected.Length; id++)
        {
            var token = new TokenId(id);
            Assert.Equal(expected[id], (vocabulary.GetPiece(token), vocabulary.GetScore(token), vocabulary.GetKind(token)));
        }

        Assert.Equal((0, 1, 2), (vocabulary.Unk.Value, vocabulary.Bos.Value, vocabulary.Eos.Value));
        Assert.Null(vocabulary.Pad);
        Assert.True(vocabulary.AddBos);
        Assert.False(vocabulary.AddEos);
        Assert.False(vocabulary.AddSpacePrefix); // add_dummy_prefix = false was written
        Assert.False(vocabulary.HasByteFallback);
    }

    [Fact]
    public void Parse_DefaultsAndOverrides_FollowTheProtoFile()
    {
        // No normalizer_spec: add_dummy_prefix defaults to true. No unk/bos/eos ids: 0, 1, 2. Two trainer_specs merge.
        byte[] data = Pieces(new ProtoWriter())
            .Message(2, new ProtoWriter().Int32(3, 2).Int32(43, 6))
            .Message(2, new ProtoWriter().Int32(43, 5))
            .ToArray();

        Vocabulary vocabulary = SentencePieceModelFile.Parse(ModelPath, data);

        Assert.True(vocabulary.AddSpacePrefix);
        Assert.Equal((0, 1, 2), (vocabulary.Unk.Value, vocabulary.Bos.Value, vocabulary.Eos.Value));
        Assert.Equal(5, vocabulary.Pad?.Value);
    }

    public static TheoryData<string, string> HostileCases() => new()
    {
        { "varint longer than 10 bytes", "longer than 10 bytes" },
        { "10-byte varint over 64 bits", "overflows 64 bits" },
        { "length past the end", "runs past the end" },
        { "inner length past its message", "runs past the end of its message" },
        { "truncated fixed32", "4-byte value runs past the end" },
        { "group wire type", "group wire type" },
        { "end group wire type", "group wire type" },
        { "wire type 6", "undefined wire type 6" },
        { "field number 0", "field number 0" },
        { "pieces as varint", "ModelProto.pieces has wire type 0" },
        { "score as varint", "SentencePiece.score has wire type 0" },
        { "unk_id negative", "unk_id = -5 is outside" },
        { "unk_id beyond int32", "does not fit an int32" },
        { "bos_id disabled", "bos_id is -1" },
        { "eos_id past the pieces", "eos_id = 7 is outside" },
        { "pad_id past the pieces", "pad_id = 70 is outside" },
        { "unigram model", "UNIGRAM (1)" },
        { "no trainer_spec", "UNIGRAM (1)" },
        { "nfkc normalizer", "nmt_nfkc" },
        { "escape_whitespaces false", "escape_whitespaces" },
        { "whitespace as suffix", "treat_whitespace_as_suffix" },
        { "undefined piece type", "undefined type 7" },
        { "piece type 0", "undefined type 0" },
        { "NaN score", "score is NaN" },
        { "invalid UTF-8", "not valid UTF-8" },
        { "empty piece", "has no text" },
        { "no pieces", "no pieces" },
        { "byte_fallback without bytes", "byte_fallback" },
    };

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void Parse_HostileModel_ThrowsModelLoadExceptionNamingTheFault(string name, string fault)
    {
        byte[] data = Hostile(name);

        var e = Assert.Throws<ModelLoadException>(() => SentencePieceModelFile.Parse(ModelPath, data));

        Assert.Equal(ModelPath, e.Path);
        Assert.Contains(fault, e.Fault, StringComparison.Ordinal);
        Assert.Contains(ModelPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryTruncation_SucceedsOnlyAtAFieldEndWithAllSpecialPieces()
    {
        ProtoWriter writer = SmallModel();
        byte[] data = writer.ToArray();
        // SmallModel writes trainer_spec, normalizer_spec, an unknown field, then the pieces: a cut at a field end
        // after the third piece (</s>, eos_id 2) leaves a valid, shorter model; every other cut must fail.
        int thirdPieceEnd = writer.FieldEnds[5];

        RunGuarded(() =>
        {
            for (int length = 0; length < data.Length; length++)
            {
                bool valid = length >= thirdPieceEnd && writer.FieldEnds.Contains(length);
                Assert.True(valid == TryParse(data.AsSpan(0, length)), $"truncated to {length} bytes");
            }
        });
        Assert.Equal(7, SentencePieceModelFile.Parse(ModelPath, data).Count);
    }

    [Fact]
    public void Parse_SeededByteFlips_OnlyEverThrowModelLoadException()
    {
        byte[] valid = SmallModel().ToArray();
        int parsed = 0;
        var faults = new HashSet<string>(StringComparer.Ordinal);

        RunGuarded(() =>
        {
            byte[] damaged = new byte[valid.Length];
            for (int seed = 0; seed < Seeds; seed++)
            {
                var random = new Random(seed);
                valid.CopyTo(damaged, 0);
                int count = random.Next(1, 5);
                for (int i = 0; i < count; i++)
                {
                    int at = random.Next(damaged.Length);
                    damaged[at] = random.Next(3) switch
                    {
                        0 => (byte)(damaged[at] ^ (1 << random.Next(8))),
                        1 => (byte)random.Next(256),
                        _ => 0xFF, // long varints and huge lengths
                    };
                }

                if (TryParse(damaged, faults))
                    parsed++;
            }
        });

        // Both outcomes occur, and the damage reaches many different checks.
        Assert.InRange(parsed, 1, Seeds - Seeds / 4);
        Assert.True(faults.Count >= 10, "faults seen: " + string.Join(" | ", faults));
    }

    [Fact]
    public void Read_FileOver64MiB_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("huge.model");
        using (var stream = File.Create(path))
            stream.SetLength(SentencePieceModelFile.MaxFileBytes + 1L); // sparse: no 64 MiB written

        var e = Assert.Throws<ModelLoadException>(() => SentencePieceModelFile.Read(path));

        Assert.Equal(path, e.Path);
        Assert.Contains("more than the 67108864", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SmallModelFile_MatchesParse()
    {
        using var dir = new TempDirectory();
        string path = dir.File("small.model");
        File.WriteAllBytes(path, SmallModel().ToArray());

        Assert.Equal(7, SentencePieceModelFile.Read(path).Count);
    }

    [Fact]
    public void Read_MissingFile_ThrowsModelLoadException()
    {
        using var dir = new TempDirectory();
        string path = dir.File("absent.model");

        var e = Assert.Throws<ModelLoadException>(() => SentencePieceModelFile.Read(path));

        Assert.Equal(path, e.Path);
    }

    /// <summary>
    /// Fields in this order: trainer_spec (BPE, ids 0/1/2, pad -1, unknown fields of all four wire types),
    /// normalizer_spec (identity, add_dummy_prefix false), an unknown top-level field, then 7 pieces.
    /// </summary>
    private static ProtoWriter SmallModel()
    {
        var trainer = new ProtoWriter()
            .String(1, "input.txt").Int32(3, 2).Int32(4, 7).Float(10, 0.9995f).Fixed64(99, ulong.MaxValue)
            .Bool(35, false).Int32(40, 0).Int32(41, 1).Int32(42, 2).Int32(43, -1).String(45, "<unk>");
        var normalizer = new ProtoWriter().String(1, "identity").Bytes(2, []).Bool(3, false).Bool(4, false).Bool(5, true);
        var writer = new ProtoWriter().Message(2, trainer).Message(3, normalizer).Float(1000, 1f);
        return Pieces(writer);
    }

    private static ProtoWriter Pieces(ProtoWriter writer) => writer
        .Piece("<unk>", 0, TokenKind.Unknown).Piece("<s>", 0, TokenKind.Control).Piece("</s>", 0, TokenKind.Control)
        .Message(1, new ProtoWriter().String(1, "▁a").Varint(77, 300).Float(2, -1.5f).Int32(3, 1).Fixed64(78, 5))
        .Piece("b", -2, TokenKind.Normal).Piece("<tool>", 0, TokenKind.UserDefined)
        .Message(1, new ProtoWriter().Float(2, -3.25f).String(1, "é"));

    private static ProtoWriter Bpe(params (int Field, int Value)[] fields)
    {
        var trainer = new ProtoWriter().Int32(3, 2);
        foreach ((int field, int value) in fields)
            trainer.Int32(field, value);
        return new ProtoWriter().Message(2, trainer);
    }

    private static byte[] Hostile(string name)
    {
        ProtoWriter model = name switch
        {
            "varint longer than 10 bytes" => Pieces(Bpe()).Raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
            "10-byte varint over 64 bits" => Pieces(Bpe()).Raw(0x48, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02),
            "length past the end" => Pieces(Bpe()).Raw(0x0A, 100, 0x0A, 0x01, 0x61),
            "inner length past its message" => Pieces(Bpe()).Raw(0x0A, 0x03, 0x0A, 0x05, 0x61).Raw(0x62, 0x63, 0x64, 0x65),
            "truncated fixed32" => Pieces(Bpe()).Raw(0x0A, 0x03, 0x15, 0x00, 0x00),
            "group wire type" => Pieces(Bpe()).Raw((5 << 3) | 3),
            "end group wire type" => Pieces(Bpe()).Raw((5 << 3) | 4),
            "wire type 6" => Pieces(Bpe()).Raw((5 << 3) | 6),
            "field number 0" => Pieces(Bpe()).Raw(0x00, 0x00),
            "pieces as varint" => Pieces(Bpe()).Varint(1, 5),
            "score as varint" => Pieces(Bpe()).Message(1, new ProtoWriter().String(1, "x").Varint(2, 1)),
            "unk_id negative" => Pieces(Bpe((40, -5))),
            "unk_id beyond int32" => Pieces(new ProtoWriter().Message(2, new ProtoWriter().Int32(3, 2).Varint(40, 1UL << 40))),
            "bos_id disabled" => Pieces(Bpe((41, -1))),
            "eos_id past the pieces" => Pieces(Bpe((42, 7))),
            "pad_id past the pieces" => Pieces(Bpe((43, 70))),
            "unigram model" => Pieces(Bpe((3, 1))),
            "no trainer_spec" => Pieces(new ProtoWriter()),
            "nfkc normalizer" => Pieces(Bpe()).Message(3, new ProtoWriter().String(1, "nmt_nfkc").Bytes(2, [1, 2, 3, 4])),
            "escape_whitespaces false" => Pieces(Bpe()).Message(3, new ProtoWriter().Bool(5, false)),
            "whitespace as suffix" => Pieces(Bpe((24, 1))),
            "undefined piece type" => Pieces(Bpe()).Piece("x", 0, (TokenKind)7),
            "piece type 0" => Pieces(Bpe()).Piece("x", 0, 0),
            "NaN score" => Pieces(Bpe()).Piece("x", float.NaN, TokenKind.Normal),
            "invalid UTF-8" => Pieces(Bpe()).Message(1, new ProtoWriter().Bytes(1, [0x61, 0xFF])),
            "empty piece" => Pieces(Bpe()).Piece("", 0, TokenKind.Normal),
            "no pieces" => Bpe(),
            "byte_fallback without bytes" => Pieces(Bpe((35, 1))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
        };
        return model.ToArray();
    }

    /// <summary>True when the data parsed; false on <see cref="ModelLoadException"/> for this file.</summary>
    private static bool TryParse(ReadOnlySpan<byte> data, HashSet<string>? faults = null)
    {
        try
        {
            SentencePieceModelFile.Parse(ModelPath, data);
            return true;
        }
        catch (ModelLoadException e)
        {
            Assert.Equal(ModelPath, e.Path);
            faults?.Add(FaultKind().Replace(e.Fault, "#"));
            return false;
        }
    }

    /// <summary>A fault with its numbers and quoted names blanked, so faults of one kind compare equal.</summary>
    [GeneratedRegex(@"'[^']*'|-?\d+")]
    private static partial Regex FaultKind();

    /// <summary>Runs the loop on its own thread so that a hang fails the test instead of stalling the run.</summary>
    private static void RunGuarded(Action loop)
    {
        var task = Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(task.Wait(Budget), $"the loop did not finish within {Budget}");
        task.GetAwaiter().GetResult();
    }
}
