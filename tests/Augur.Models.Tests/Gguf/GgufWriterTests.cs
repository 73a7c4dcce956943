using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Models.Gguf.Tests;

public class GgufWriterTests
{
    private static GgufFile RoundTrip(GgufWriter writer, TempDirectory dir, string name = "t.gguf")
    {
        string path = dir.File(name);
        writer.Write(path);
        return GgufFile.Open(path);
    }

    [Fact]
    public void WriteTo_OneKeyOneTensor_EqualsHandWrittenBytes()
    {
        byte[] data = [1, 0, 0x80, 0x3f, 0, 0, 0, 0x40]; // 1.0f, 2.0f
        var writer = new GgufWriter().Add("general.architecture", "llama").AddTensor("w", TensorType.F32, [2], data);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);

        byte[] expected = new RawGguf().Header(3, 1, 1)
            .Key("general.architecture", 8).Str("llama")
            .TensorInfo("w", 0, 0, 2)
            .PadTo(32).Bytes(data).PadTo(32).ToArray();
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void RoundTrip_EveryScalarType_KeepsTypeValueAndOrder()
    {
        using var dir = new TempDirectory();
        var writer = new GgufWriter()
            .Add("u8", (byte)255).Add("i8", (sbyte)-128).Add("u16", (ushort)65535).Add("i16", (short)-32768)
            .Add("u32", uint.MaxValue).Add("i32", int.MinValue).Add("f32", -0.25f).Add("bool", true).Add("false", false)
            .Add("str", "héllo, 世界 🦙").Add("empty", "").Add("u64", ulong.MaxValue).Add("i64", long.MinValue).Add("f64", 1e-300);
        using GgufFile file = RoundTrip(writer, dir);

        Assert.Equal(
            ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "false", "str", "empty", "u64", "i64", "f64"],
            file.MetadataEntries.Select(p => p.Key).ToArray());
        Assert.Equal(
            [GgufValueType.UInt8, GgufValueType.Int8, GgufValueType.UInt16, GgufValueType.Int16, GgufValueType.UInt32,
             GgufValueType.Int32, GgufValueType.Float32, GgufValueType.Bool, GgufValueType.Bool, GgufValueType.String,
             GgufValueType.String, GgufValueType.UInt64, GgufValueType.Int64, GgufValueType.Float64],
            file.MetadataEntries.Select(p => p.Value.Type).ToArray());
        Assert.Equal(255, file.Get<byte>("u8"));
        Assert.Equal(-128, file.Get<sbyte>("i8"));
        Assert.Equal(65535, file.Get<ushort>("u16"));
        Assert.Equal(-32768, file.Get<short>("i16"));
        Assert.Equal(uint.MaxValue, file.GetUInt32("u32"));
        Assert.Equal(int.MinValue, file.GetInt32("i32"));
        Assert.Equal(-0.25f, file.GetFloat32("f32"));
        Assert.True(file.GetBool("bool"));
        Assert.False(file.GetBool("false"));
        Assert.Equal("héllo, 世界 🦙", file.GetString("str"));
        Assert.Equal("", file.GetString("empty"));
        Assert.Equal(ulong.MaxValue, file.GetUInt64("u64"));
        Assert.Equal(long.MinValue, file.GetInt64("i64"));
        Assert.Equal(1e-300, file.GetFloat64("f64"));
        Assert.Equal(0, file.DataOffset % 32);
        Assert.Empty(file.Tensors);
    }

    [Fact]
    public void Getters_IntegerOfAnyWidth_ConvertWhenTheValueFits()
    {
        using var dir = new TempDirectory();
        var writer = new GgufWriter().Add("ctx64", 4096UL).Add("neg", -1).Add("big", 5_000_000_000L).Add("f64", 0.5);
        using GgufFile file = RoundTrip(writer, dir);
        Assert.Equal(4096u, file.GetUInt32("ctx64"));
        Assert.Equal(4096, file.GetInt32("ctx64"));
        Assert.Equal(-1L, file.GetInt64("neg"));
        Assert.Throws<ModelLoadException>(() => file.GetUInt32("neg"));
        Assert.Throws<ModelLoadException>(() => file.GetUInt64("neg"));
        Assert.Throws<ModelLoadException>(() => file.GetInt32("big"));
        Assert.Equal(5_000_000_000UL, file.GetUInt64("big"));
        Assert.Equal(0.5f, file.GetFloat32("f64"));
        Assert.Throws<ModelLoadException>(() => file.GetInt32("f64"));
        Assert.Throws<ModelLoadException>(() => file.GetBool("ctx64"));
    }

    [Fact]
    public void RoundTrip_ArraysOfEveryTypeNestedAndEmpty_ReadBackElementByElement()
    {
        using var dir = new TempDirectory();
        string[] strings = ["", "a", "héllo", "世界", "🦙🦙", new string('x', 1000)];
        var writer = new GgufWriter()
            .Add("a.u8", new byte[] { 0, 1, 255 }).Add("a.i8", new sbyte[] { -128, 127 })
            .Add("a.u16", new ushort[] { 65535 }).Add("a.i16", new short[] { -1, 2 })
            .Add("a.u32", new uint[] { uint.MaxValue, 7 }).Add("a.i32", new[] { int.MinValue, 0, int.MaxValue })
            .Add("a.f32", new[] { 1.5f, float.NegativeInfinity }).Add("a.bool", new[] { true, false, true })
            .Add("a.str", strings).Add("a.u64", new[] { ulong.MaxValue }).Add("a.i64", new[] { long.MinValue, 3L })
            .Add("a.f64", new[] { double.Epsilon, -2.0 })
            .Add("a.empty.u8", ReadOnlySpan<byte>.Empty).Add("a.empty.str", Array.Empty<string>())
            .Add("a.empty.nested", GgufValue.FromArray(GgufValueType.Array, []))
            .Add("a.nested", GgufValue.FromArray(GgufValueType.Array,
            [
                GgufValue.FromArray(new[] { 1, 2 }),
                GgufValue.FromArray(GgufValueType.Array, [GgufValue.FromArray(new[] { "deep" }), GgufValue.FromArray(ReadOnlySpan<float>.Empty)]),
                GgufValue.FromArray(strings),
            ]));
        using GgufFile file = RoundTrip(writer, dir);

        Assert.Equal([0, 1, 255], file.Get<int[]>("a.u8"));
        Assert.Equal([-128, 127], file.GetInt32Array("a.i8"));
        Assert.Equal([65535], file.GetInt32Array("a.u16"));
        Assert.Equal([-1, 2], file.GetInt32Array("a.i16"));
        Assert.Equal([uint.MaxValue, 7u], file.Get<uint[]>("a.u32"));
        Assert.Throws<ModelLoadException>(() => file.GetInt32Array("a.u32"));
        Assert.Equal([int.MinValue, 0, int.MaxValue], file.GetInt32Array("a.i32"));
        Assert.Equal([1.5f, float.NegativeInfinity], file.GetFloat32Array("a.f32"));
        GgufValue bools = file.GetValue("a.bool");
        Assert.Equal(GgufValueType.Bool, bools.ElementType);
        Assert.Equal([true, false, true], Enumerable.Range(0, bools.Count).Select(i => bools[i].AsBool()).ToArray());
        Assert.Equal(strings, file.GetStringArray("a.str"));
        Assert.Equal(ulong.MaxValue, file.GetValue("a.u64")[0].AsUInt64());
        Assert.Equal([long.MinValue, 3L], file.Get<long[]>("a.i64"));
        Assert.Equal([double.Epsilon, -2.0], file.Get<double[]>("a.f64"));
        Assert.Equal(0, file.GetValue("a.empty.u8").Count);
        Assert.Equal(GgufValueType.UInt8, file.GetValue("a.empty.u8").ElementType);
        Assert.Empty(file.GetStringArray("a.empty.str"));
        Assert.Equal(0, file.GetValue("a.empty.nested").Count);

        GgufValue nested = file.GetValue("a.nested");
        Assert.Equal(GgufValueType.Array, nested.ElementType);
        Assert.Equal(3, nested.Count);
        Assert.Equal([1, 2], nested[0].ToInt32Array());
        Assert.Equal("deep", nested[1][0].GetString(0));
        Assert.Equal(GgufValueType.Float32, nested[1][1].ElementType);
        Assert.Equal(0, nested[1][1].Count);
        Assert.Equal(strings, nested[2].ToStringArray());
    }

    [Fact]
    public void RoundTrip_EveryTensorTypeWithCustomAlignment_DataAndLayoutIntact()
    {
        using var dir = new TempDirectory();
        var random = new Random(20240601);
        var writer = new GgufWriter().Add(GgufKeys.GeneralAlignment, 64u).Add("pad", "x");
        var expected = new Dictionary<string, byte[]>();
        TensorType[] types = Enum.GetValues<TensorType>();
        foreach (TensorType type in types)
        {
            int block = TensorTypeInfo.BlockSize(type);
            expected[$"t.{type}"] = GgufTestFiles.AddRandomTensor(writer, $"t.{type}", type, [2L * block, 3], random);
        }
        // A 4-D tensor, and one streamed through a callback.
        expected["t.4d"] = GgufTestFiles.AddRandomTensor(writer, "t.4d", TensorType.F16, [3, 2, 2, 5], random);
        byte[] streamed = new byte[34 * 4];
        random.NextBytes(streamed);
        writer.AddTensor("t.streamed", TensorType.Q8_0, [64, 2], s => { s.Write(streamed, 0, 100); s.Write(streamed.AsSpan(100)); });
        expected["t.streamed"] = streamed;

        using GgufFile file = RoundTrip(writer, dir);
        Assert.Equal(64u, file.Alignment);
        Assert.Equal(0, file.DataOffset % 64);
        Assert.Equal(types.Length + 2, file.Tensors.Count);
        foreach (GgufTensorInfo tensor in file.Tensors)
        {
            Assert.Equal(0, tensor.Offset % 64);
            Assert.Equal(expected[tensor.Name], file.GetTensorData(tensor).ToArray());
            Assert.Equal(TensorTypeInfo.BlockBytes(tensor.Type) * tensor.ElementCount / TensorTypeInfo.BlockSize(tensor.Type), tensor.ByteLength);
        }
        GgufTensorInfo q4k = file.GetTensor("t.Q4_K");
        Assert.Equal([512L, 3], q4k.Dimensions.ToArray());
        Assert.Equal(3 * 2 * 144, q4k.ByteLength);
        WeightMatrix matrix = file.GetWeightMatrix(q4k);
        Assert.Equal((3, 512, 288), (matrix.Rows, matrix.Columns, matrix.RowBytes));
        Assert.Equal(20, file.GetWeightMatrix(file.GetTensor("t.4d")).Rows);
        Assert.Equal(0, file.FileLength % 64);

        // Known but unsupported: the raw bytes are readable, computing with them is refused with a clear fault.
        GgufTensorInfo q2k = file.GetTensor("t.Q2_K");
        Assert.False(q2k.IsSupported);
        var fault = Assert.Throws<ModelLoadException>(() => file.GetWeightMatrix(q2k));
        Assert.Contains("Q2_K", fault.Fault, StringComparison.Ordinal);
        Assert.Throws<ModelLoadException>(() => file.ReadFloat32(q2k));
    }

    [Fact]
    public void CopyMetadataFrom_TinyLlama_RewritesIdenticalMetadataAfterSourceIsDisposed()
    {
        using var dir = new TempDirectory();
        var writer = new GgufWriter();
        using (GgufFile source = GgufFile.Open(TestModels.Llama2TinyRandomGguf))
        {
            writer.CopyMetadataFrom(source).Set(GgufKeys.GeneralFileType, GgufValue.From(7u));
            GgufTensorInfo norm = source.GetTensor("output_norm.weight");
            writer.AddTensor(norm.Name, norm.Type, norm.Dimensions, source.GetTensorData(norm).ToArray());
        }
        using GgufFile copy = RoundTrip(writer, dir);
        using GgufFile original = GgufFile.Open(TestModels.Llama2TinyRandomGguf);
        Assert.Equal(original.MetadataEntries.Select(p => p.Key), copy.MetadataEntries.Select(p => p.Key));
        Assert.Equal(7u, copy.GetUInt32(GgufKeys.GeneralFileType));
        Assert.Equal(original.GetStringArray(GgufKeys.TokenizerTokens), copy.GetStringArray(GgufKeys.TokenizerTokens));
        Assert.Equal(original.GetFloat32Array(GgufKeys.TokenizerScores), copy.GetFloat32Array(GgufKeys.TokenizerScores));
        Assert.Equal(original.GetInt32Array(GgufKeys.TokenizerTokenType), copy.GetInt32Array(GgufKeys.TokenizerTokenType));
        foreach ((string key, GgufValue value) in original.MetadataEntries)
        {
            if (key != GgufKeys.GeneralFileType)
                Assert.Equal(value.ToString(), copy.GetValue(key).ToString());
        }
        Assert.Equal(original.ReadFloat32(original.GetTensor("output_norm.weight")), copy.ReadFloat32(copy.GetTensor("output_norm.weight")));
    }

    [Fact]
    public void RoundTrip_128kVocabulary_ReadsLazilyAndInFull()
    {
        using var dir = new TempDirectory();
        var random = new Random(128_000);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz▁éü世界🦙<>0123456789 ";
        string[] tokens = new string[128_256];
        for (int i = 0; i < tokens.Length; i++)
        {
            var chars = new System.Text.StringBuilder();
            for (int n = random.Next(0, 12); n > 0; n--)
            {
                int at = random.Next(Alphabet.Length);
                chars.Append(char.IsHighSurrogate(Alphabet[at]) ? Alphabet.AsSpan(at, 2) : char.IsLowSurrogate(Alphabet[at]) ? "x" : Alphabet.AsSpan(at, 1));
            }
            tokens[i] = chars.ToString();
        }
        float[] scores = Enumerable.Range(0, tokens.Length).Select(i => -i / 7f).ToArray();
        using GgufFile file = RoundTrip(new GgufWriter().Add(GgufKeys.TokenizerTokens, tokens).Add(GgufKeys.TokenizerScores, scores), dir);

        GgufValue lazy = file.GetValue(GgufKeys.TokenizerTokens);
        Assert.Equal(tokens.Length, lazy.Count);
        Assert.Equal(tokens[100_000], lazy.GetString(100_000));
        Assert.Equal(tokens[^1], lazy[tokens.Length - 1].AsString());
        Assert.Equal(tokens, file.GetStringArray(GgufKeys.TokenizerTokens));
        Assert.Equal(scores, file.GetFloat32Array(GgufKeys.TokenizerScores));
    }

    [Fact]
    public void GgufValue_Conversions_FollowRangeRules()
    {
        Assert.Equal(300, GgufValue.From((ushort)300).Get<int>());
        Assert.False(GgufValue.From((ushort)300).TryGet(out byte _));
        Assert.False(GgufValue.From(-1).TryGet(out uint _));
        Assert.True(GgufValue.From(-1L).TryGet(out sbyte minusOne) && minusOne == -1);
        Assert.Equal(ulong.MaxValue, GgufValue.From(ulong.MaxValue).AsUInt64());
        Assert.Throws<InvalidOperationException>(() => GgufValue.From(ulong.MaxValue).AsInt64());
        Assert.Equal(3.0, GgufValue.From(3u).AsFloat64());
        Assert.Throws<InvalidOperationException>(() => GgufValue.From("3").AsFloat64());
        Assert.Throws<InvalidOperationException>(() => GgufValue.From(1u).AsBool());
        Assert.Throws<InvalidOperationException>(() => GgufValue.From(1u).Count);
        Assert.Equal("-5", GgufValue.From((sbyte)-5).ToString());
        Assert.Equal("[Int32 × 2]", GgufValue.FromArray(new[] { 1, 2 }).ToString());
        Assert.Null(GgufValue.FromArray(new[] { -1, 2 }).TryGet(out uint[]? unsigned) ? unsigned : null);
        Assert.Throws<ArgumentOutOfRangeException>(() => GgufValue.FromArray(new[] { 1 })[1]);
        Assert.Throws<InvalidOperationException>(() => GgufValue.FromArray(new[] { 1 }).GetString(0));
    }

    [Fact]
    public void Writer_InvalidInput_IsRejected()
    {
        var writer = new GgufWriter().Add("k", 1u);
        Assert.Throws<ArgumentException>(() => writer.Add("k", 2u));
        Assert.Throws<ArgumentException>(() => writer.Add(GgufKeys.GeneralAlignment, 48u));
        Assert.Throws<ArgumentException>(() => writer.Add(GgufKeys.GeneralAlignment, 0u));
        Assert.Throws<ArgumentException>(() => writer.Add(GgufKeys.GeneralAlignment, -64));
        Assert.Throws<ArgumentException>(() => writer.Add(GgufKeys.GeneralAlignment, "64"));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", TensorType.F32, [2], new byte[7]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", TensorType.Q8_0, [16], new byte[17]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", TensorType.F32, [1, 1, 1, 1, 1], new byte[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddTensor("t", TensorType.F32, [0], ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddTensor("t", (TensorType)4, [1], new byte[4]));
        Assert.Throws<ArgumentException>(() => GgufValue.FromArray(GgufValueType.UInt8, [GgufValue.From(1u)]));
        writer.AddTensor("t", TensorType.F32, [1], new byte[4]);
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", TensorType.F32, [1], new byte[4]));

        writer.AddTensor("short", TensorType.F32, [4], s => s.Write(new byte[15]));
        Assert.Throws<InvalidOperationException>(() => writer.WriteTo(Stream.Null));
        var overflowing = new GgufWriter().AddTensor("long", TensorType.F32, [4], s => s.Write(new byte[17]));
        Assert.Throws<InvalidOperationException>(() => overflowing.WriteTo(Stream.Null));
    }
}
