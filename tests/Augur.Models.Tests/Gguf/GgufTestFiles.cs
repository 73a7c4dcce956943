using Augur.Tensors;

namespace Augur.Models.Gguf.Tests;

/// <summary>Small valid GGUF files for tests, and a routine that reads every byte a file exposes.</summary>
internal static class GgufTestFiles
{
    /// <summary>A ~1.5 KB file with every value type (nested and empty arrays too) and tensors of several types.</summary>
    public static byte[] SmallValidFile()
    {
        var random = new Random(1234);
        var writer = new GgufWriter()
            .Add(GgufKeys.GeneralArchitecture, "llama")
            .Add("test.u8", (byte)200).Add("test.i8", (sbyte)-100)
            .Add("test.u16", (ushort)60000).Add("test.i16", (short)-30000)
            .Add("test.u32", 4_000_000_000u).Add("test.i32", -2_000_000_000)
            .Add("test.f32", 1.5f).Add("test.bool", true)
            .Add("test.u64", ulong.MaxValue).Add("test.i64", long.MinValue).Add("test.f64", Math.PI)
            .Add(GgufKeys.TokenizerTokens, new[] { "<unk>", "<s>", "", "▁hé", "🦙" })
            .Add(GgufKeys.TokenizerScores, new[] { 0f, -1f, -2f, -3f, -4f })
            .Add(GgufKeys.TokenizerTokenType, new[] { 2, 3, 1, 1, 1 })
            .Add("test.nested", GgufValue.FromArray(GgufValueType.Array,
            [
                GgufValue.FromArray(new[] { 1, 2, 3 }),
                GgufValue.FromArray(new[] { "a", "bc" }),
                GgufValue.FromArray(ReadOnlySpan<byte>.Empty),
            ]));
        AddRandomTensor(writer, "norm.weight", TensorType.F32, [8], random);
        AddRandomTensor(writer, "half.weight", TensorType.F16, [8, 2], random);
        AddRandomTensor(writer, "q8.weight", TensorType.Q8_0, [32, 2], random);
        AddRandomTensor(writer, "q4k.weight", TensorType.Q4_K, [256], random);
        AddRandomTensor(writer, "q2k.weight", TensorType.Q2_K, [256], random);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    public static byte[] AddRandomTensor(GgufWriter writer, string name, TensorType type, long[] dims, Random random)
    {
        long elements = dims.Aggregate(1L, (a, b) => a * b);
        byte[] data = new byte[TensorTypeInfo.BlockBytes(type) * (elements / TensorTypeInfo.BlockSize(type))];
        random.NextBytes(data);
        writer.AddTensor(name, type, dims, data);
        return data;
    }

    /// <summary>Reads every metadata value and every tensor byte the file exposes; returns a checksum so nothing is elided.</summary>
    public static unsafe long TouchEverything(GgufFile file)
    {
        long sum = file.Version + file.DataOffset + file.Alignment;
        foreach ((string key, GgufValue value) in file.MetadataEntries)
            sum += key.Length + TouchValue(value);
        foreach (GgufTensorInfo tensor in file.Tensors)
        {
            ReadOnlySpan<byte> data = file.GetTensorData(tensor);
            foreach (byte b in data)
                sum += b;
            if (tensor.IsSupported)
            {
                WeightMatrix matrix = file.GetWeightMatrix(tensor);
                for (int r = 0; r < matrix.Rows; r++)
                    sum += matrix.Row(r)[^1];
            }
            if (tensor.Type is TensorType.F32 or TensorType.F16 or TensorType.BF16)
                sum += file.ReadFloat32(tensor).Length;
        }
        return sum;
    }

    private static long TouchValue(GgufValue value)
    {
        if (!value.IsArray)
            return value.ToString().Length;
        long sum = value.Count;
        for (int i = 0; i < value.Count; i++)
        {
            sum += TouchValue(value[i]);
            if (value.ElementType == GgufValueType.String)
                sum += value.GetUtf8(i).Length;
        }
        return sum;
    }
}
