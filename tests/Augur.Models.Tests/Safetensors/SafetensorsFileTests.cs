using System.Buffers.Binary;
using System.Text;
using Augur.Tests.Common;

namespace Augur.Models.Safetensors.Tests;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void Open_WrittenFile_ReadsEveryTensorBack(SafetensorsDType type)
    {
        var random = new Random(20240901);
        float[] a = Enumerable.Range(0, 3 * 5).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] b = [1.5f, -0.25f, 65504f, 0f];
        string path = _directory.File("t.safetensors");
        new SafetensorsWriter().AddMetadata("format", "pt").Add("a", type, [3, 5], a).Add("b", type, [4], b).Write(path);

        using SafetensorsFile file = SafetensorsFile.Open(path);

        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Name));
        Assert.Equal(type, file.Find("a")!.Type);
        Assert.Equal([3L, 5L], file.Find("a")!.Shape.ToArray());
        // F16 keeps 11 significant bits, BF16 8: compare within half an ulp of each
        double relative = type switch { SafetensorsDType.F32 => 0, SafetensorsDType.F16 => 1.0 / 2048, _ => 1.0 / 256 };
        float[] readA = file.ReadFloat32(file.Find("a")!);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(readA[i] - a[i]) <= relative * Math.Abs(a[i]), $"a[{i}]: {readA[i]} vs {a[i]}");
        Assert.Equal(b[..2], file.ReadFloat32(file.Find("b")!)[..2]);
    }

    [Fact]
    public void Open_HeaderLengthOverflowingLong_IsRejected()
    {
        string path = WriteRaw(ulong.MaxValue, "{}", []);
        var e = Assert.Throws<ModelLoadException>(() => SafetensorsFile.Open(path));
        Assert.Contains("more than the", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ClaimedTwoGigabyteHeader_IsRejectedWithoutAllocating()
    {
        string path = WriteRaw(1UL << 31, "{}", []);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelLoadException>(() => SafetensorsFile.Open(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("2147483648", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HeaderLongerThanFile_IsRejected()
    {
        string path = WriteRaw(1000, "{}", []);
        var e = Assert.Throws<ModelLoadException>(() => SafetensorsFile.Open(path));
        Assert.Contains("only 2 follow", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileShorterThanLengthPrefix_IsRejected()
    {
        string path = _directory.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<ModelLoadException>(() => SafetensorsFile.Open(path));
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", "outside")]           // end past the data
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,4]}}""", "outside")]            // begin after end
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "need 12")]            // size ≠ shape
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", "overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}""", "too large")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,8]}}""", "non-negative")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}""", "non-negative 64-bit")]
    [InlineData("""{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", "dtype I64")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2]}}""", "lacks")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}""", "unexpected")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "twice")]
    [InlineData("""{"__metadata__":{"k":1}}""", "not a string")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"a":""", "not valid JSON")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}}""", "at most 8")]
    public void Open_MalformedHeader_IsRejectedWithItsFault(string header, string fault)
    {
        string path = WriteRaw((ulong)Encoding.UTF8.GetByteCount(header), header, new byte[8]);
        var e = Assert.Throws<ModelLoadException>(() => SafetensorsFile.Open(path));
        Assert.Contains(fault, e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HeaderAboveCallerLimit_IsRejected()
    {
        string path = _directory.File("t.safetensors");
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [1], [1f]).Write(path);
        Assert.Throws<ModelLoadException>(() => SafetensorsFile.Open(path, maxHeaderBytes: 16));
        using SafetensorsFile file = SafetensorsFile.Open(path); // and within the default limit it opens
        Assert.Single(file.Tensors);
    }

    private string WriteRaw(ulong headerLength, string header, byte[] data)
    {
        string path = _directory.File($"raw-{Guid.NewGuid():N}.safetensors");
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
