using System.Diagnostics;
using Augur.Tests.Common;

namespace Augur.Models.Gguf.Tests;

/// <summary>Hand-made hostile or broken files: each must fail fast with a <see cref="ModelLoadException"/> naming the fault.</summary>
public class GgufHostileFileTests
{
    private const uint String = 8, Array = 9, UInt32 = 4, F32 = 0, Q8_0 = 8;

    /// <summary>Case name → (file bytes, a fragment the fault must contain).</summary>
    private static readonly Dictionary<string, (Func<byte[]> Build, string Fault)> Cases = new()
    {
        ["zero-length file"] = (() => [], "too small"),
        ["23-byte file"] = (() => new RawGguf().Header().ToArray()[..23], "too small"),
        ["bad magic"] = (() => new RawGguf().U32(0x4C4D4747).U32(3).U64(0).U64(0).ToArray(), "magic"),
        ["version 1"] = (() => new RawGguf().Header(version: 1).ToArray(), "version 1"),
        ["version 4"] = (() => new RawGguf().Header(version: 4).ToArray(), "version 4"),
        ["big-endian v3"] = (() => new RawGguf().Header(version: 0x03000000).ToArray(), "big-endian"),
        ["huge tensor count"] = (() => new RawGguf().Header(tensorCount: 1UL << 40).Zeros(64).ToArray(), "tensor count"),
        ["max tensor count"] = (() => new RawGguf().Header(tensorCount: ulong.MaxValue).Zeros(64).ToArray(), "tensor count"),
        ["huge metadata count"] = (() => new RawGguf().Header(metadataCount: ulong.MaxValue).Zeros(64).ToArray(), "metadata count"),
        ["file ends inside a pair"] = (() => new RawGguf().Header(metadataCount: 2).Key("k", UInt32).U32(1).Str("abc").ToArray(), "ends inside"),
        ["key length 2^62"] = (() => new RawGguf().Header(metadataCount: 1).U64(1UL << 62).Zeros(32).ToArray(), "claims"),
        ["string length 2^62"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", String).U64(1UL << 62).Zeros(32).ToArray(), "claims"),
        ["string length one past end"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", String).U64(5).Bytes("abcd"u8).ToArray(), "claims"),
        ["array count 2^60"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", Array).U32(UInt32).U64(1UL << 60).Zeros(32).ToArray(), "array of"),
        ["string array count 2^60"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", Array).U32(String).U64(1UL << 60).Zeros(64).ToArray(), "array of"),
        ["array count max"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", Array).U32(Array).U64(ulong.MaxValue).Zeros(64).ToArray(), "array of"),
        ["nested arrays 1000 deep"] = (NestedArrays, "nest deeper"),
        ["unknown value type"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", 13).U32(0).ToArray(), "unknown value type 13"),
        ["unknown array element type"] = (() => new RawGguf().Header(metadataCount: 1).Key("k", Array).U32(99).U64(0).ToArray(), "unknown array element type 99"),
        ["duplicate key"] = (() => new RawGguf().Header(metadataCount: 2).Key("k", UInt32).U32(1).Key("k", UInt32).U32(2).ToArray(), "duplicate metadata key 'k'"),
        ["key not UTF-8"] = (() => new RawGguf().Header(metadataCount: 1).U64(2).Bytes([0xC3, 0x28]).U32(UInt32).U32(1).ToArray(), "UTF-8"),
        ["alignment 48"] = (() => Alignment(48), "power of two"),
        ["alignment 0"] = (() => Alignment(0), "power of two"),
        ["alignment a string"] = (() => new RawGguf().Header(metadataCount: 1).Key("general.alignment", String).Str("32").ToArray(), "power of two"),
        ["n_dims 0"] = (() => OneTensor("t", F32, 0), "0 dimensions"),
        ["n_dims 5"] = (() => OneTensor("t", F32, 0, 1, 1, 1, 1, 1), "5 dimensions"),
        ["zero dimension"] = (() => OneTensor("t", F32, 0, 8, 0), "dimension 1 of size 0"),
        ["negative dimension"] = (() => OneTensor("t", F32, 0, ulong.MaxValue), "must be positive"),
        ["dims overflow 4 x 2^20"] = (() => OneTensor("t", F32, 0, 1 << 20, 1 << 20, 1 << 20, 1 << 20), "64-bit"),
        ["bytes overflow"] = (() => OneTensor("t", F32, 0, 1UL << 31, 1UL << 31), "64-bit"),
        ["unknown tensor type 4"] = (() => OneTensor("t", 4, 0, 8), "unknown tensor type id 4"),
        ["unknown tensor type 1000"] = (() => OneTensor("t", 1000, 0, 8), "unknown tensor type id 1000"),
        ["ne0 not whole blocks"] = (() => OneTensor("t", Q8_0, 0, 16, 4), "block size"),
        ["misaligned offset"] = (() => OneTensor("t", F32, 4, 8), "not a multiple of the alignment"),
        ["offset past end"] = (() => OneTensor("t", F32, 1 << 20, 8), "past the end"),
        ["offset 2^63"] = (() => OneTensor("t", F32, 1UL << 63, 8), "past any file"),
        ["data past end"] = (() => OneTensor("t", F32, 0, 9), "past the end"),
        ["duplicate tensor"] = (() => TwoTensors("t", 0, "t", 64), "duplicate tensor name 't'"),
        ["overlapping tensors"] = (() => TwoTensors("a", 0, "b", 32), "overlap"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Open_HostileFile_ThrowsModelLoadExceptionNamingTheFault(string name)
    {
        (Func<byte[]> build, string fault) = Cases[name];
        using var dir = new TempDirectory();
        string path = dir.File("hostile.gguf");
        File.WriteAllBytes(path, build());

        var stopwatch = Stopwatch.StartNew();
        var e = Assert.Throws<ModelLoadException>(() => GgufFile.Open(path).Dispose());
        Assert.True(stopwatch.ElapsedMilliseconds < 2000, $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.Contains(fault, e.Fault, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(path, e.Path);
        Assert.StartsWith("hostile.gguf: ", e.Message, StringComparison.Ordinal);
        File.Delete(path); // the failed open left no handle behind
    }

    [Fact]
    public void Open_MissingFile_ThrowsModelLoadException()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() => GgufFile.Open(dir.File("absent.gguf")));
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }

    [Fact]
    public void Open_ValidHandWrittenFile_Loads()
    {
        // The builders above differ from this only in the faulty field, so each case fails for its own reason.
        using var dir = new TempDirectory();
        string path = dir.File("ok.gguf");
        File.WriteAllBytes(path, TwoTensors("a", 0, "b", 64));
        using GgufFile file = GgufFile.Open(path);
        Assert.Equal(2, file.Tensors.Count);
        Assert.Equal(64, file.GetTensor("b").Offset);
        File.WriteAllBytes(path = dir.File("ok2.gguf"), OneTensor("t", F32, 0, 8));
        using GgufFile one = GgufFile.Open(path);
        Assert.Equal(32, one.GetTensorData(one.Tensors[0]).Length);
    }

    [Fact]
    public void Open_Version2File_LoadsWithTheSameLayout()
    {
        // v2 differs from v3 only in that v3 may also be big-endian; both use 64-bit counts and lengths.
        using var dir = new TempDirectory();
        string path = dir.File("v2.gguf");
        File.WriteAllBytes(path, new RawGguf().Header(version: 2, tensorCount: 1, metadataCount: 1)
            .Key("general.architecture", String).Str("llama")
            .TensorInfo("t", F32, 0, 2).PadTo(32).F32(1.5f).F32(-2f).PadTo(32).ToArray());
        using GgufFile file = GgufFile.Open(path);
        Assert.Equal(2, file.Version);
        Assert.Equal("llama", file.GetString("general.architecture"));
        Assert.Equal([1.5f, -2f], file.ReadFloat32(file.GetTensor("t")));
    }

    private static byte[] NestedArrays()
    {
        var raw = new RawGguf().Header(metadataCount: 1).Key("k", Array);
        for (int i = 0; i < 1000; i++)
            raw.U32(Array).U64(1);
        return raw.U32(UInt32).U64(0).ToArray();
    }

    private static byte[] Alignment(uint alignment) =>
        new RawGguf().Header(metadataCount: 1).Key("general.alignment", UInt32).U32(alignment).ToArray();

    private static byte[] OneTensor(string name, uint type, ulong offset, params ulong[] dims) =>
        new RawGguf().Header(tensorCount: 1).TensorInfo(name, type, offset, dims).PadTo(32).Zeros(32).ToArray();

    private static byte[] TwoTensors(string first, ulong firstOffset, string second, ulong secondOffset) =>
        new RawGguf().Header(tensorCount: 2)
            .TensorInfo(first, F32, firstOffset, 16).TensorInfo(second, F32, secondOffset, 16)
            .PadTo(32).Zeros(128).ToArray();
}
