using System.Text.RegularExpressions;
using Augur.Tests.Common;

namespace Augur.Models.Gguf.Tests;

/// <summary>
/// Damaged copies of a small valid file: every truncation, and seeded random byte flips. Opening, reading all metadata
/// and touching every tensor must either work or throw <see cref="ModelLoadException"/>: no other exception, no hang,
/// and allocation bounded by a small multiple of the file size. Most cases parse from memory (the same parser and
/// tensor paths as a mapped file, without thousands of file creations); every 16th also goes through a real file.
/// </summary>
public partial class GgufFuzzTests
{
    private const int Seeds = 5000;
    private const long MaxAllocatedBytesPerFile = 4 << 20;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public void Open_EveryTruncation_FailsCleanlyUntilTheLastTensorIsWhole()
    {
        byte[] valid = GgufTestFiles.SmallValidFile();
        using var dir = new TempDirectory();
        long lastDataEnd;
        string path = dir.File("full.gguf");
        File.WriteAllBytes(path, valid);
        using (GgufFile full = GgufFile.Open(path))
        {
            lastDataEnd = full.DataOffset + full.Tensors.Max(t => t.Offset + t.ByteLength);
            Assert.True(lastDataEnd <= valid.Length);
        }

        RunGuarded(() =>
        {
            string cut = dir.File("cut.gguf");
            for (int length = 0; length < valid.Length; length++)
            {
                // Only the padding after the last tensor may be cut from a valid file.
                Assert.Equal(length >= lastDataEnd, TryOpenAndTouch(valid.AsSpan(0, length), cut, viaFile: length % 16 == 0));
            }
        });
    }

    [Fact]
    public void Open_SeededByteFlips_OnlyEverThrowModelLoadException()
    {
        byte[] valid = GgufTestFiles.SmallValidFile();
        using var dir = new TempDirectory();
        string path = dir.File("fuzz.gguf");
        File.WriteAllBytes(path, valid);
        long headerEnd;
        using (GgufFile file = GgufFile.Open(path))
            headerEnd = file.DataOffset;

        int opened = 0;
        var faults = new HashSet<string>(StringComparer.Ordinal);
        RunGuarded(() =>
        {
            byte[] damaged = new byte[valid.Length];
            for (int seed = 0; seed < Seeds; seed++)
            {
                var random = new Random(seed);
                valid.CopyTo(damaged, 0);
                Mutate(damaged, (int)headerEnd, random);
                long before = GC.GetAllocatedBytesForCurrentThread();
                if (TryOpenAndTouch(damaged, path, viaFile: seed % 16 == 0, faults))
                    opened++;
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < MaxAllocatedBytesPerFile, $"seed {seed} allocated {allocated} bytes");
            }
        });
        // Both outcomes occur, so the mutations neither always break the file nor miss the header.
        Assert.InRange(opened, 1, Seeds - Seeds / 4);
        // And they reach many different checks, not just the magic and the version.
        Assert.True(faults.Count >= 15, "faults seen: " + string.Join(" | ", faults));
    }

    /// <summary>1–8 damages, mostly in the header: bit flips, random bytes, and extreme 4- or 8-byte values.</summary>
    private static void Mutate(byte[] bytes, int headerEnd, Random random)
    {
        ulong[] extremes = [0, 1, 0xFF, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, ulong.MaxValue, long.MaxValue, 1UL << 62, 1UL << 60, 1UL << 32];
        int count = random.Next(1, 9);
        for (int i = 0; i < count; i++)
        {
            int at = random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next(headerEnd);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    int width = random.Next(2) == 0 ? 4 : 8;
                    ulong value = extremes[random.Next(extremes.Length)];
                    for (int b = 0; b < width && at + b < bytes.Length; b++)
                        bytes[at + b] = (byte)(value >> (8 * b));
                    break;
            }
        }
    }

    /// <summary>True when the file opened and every part of it was read; false on <see cref="ModelLoadException"/>.</summary>
    private static bool TryOpenAndTouch(ReadOnlySpan<byte> bytes, string path, bool viaFile, HashSet<string>? faults = null)
    {
        if (viaFile)
            File.WriteAllBytes(path, bytes.ToArray());
        try
        {
            using GgufFile file = viaFile ? GgufFile.Open(path) : GgufFile.OpenBytes(bytes, path);
            GgufTestFiles.TouchEverything(file);
            return true;
        }
        catch (ModelLoadException e)
        {
            Assert.Equal(path, e.Path);
            faults?.Add(FaultKind().Replace(e.Fault, "#"));
            return false;
        }
    }

    /// <summary>A fault with its numbers and quoted names blanked, so faults of one kind compare equal.</summary>
    [GeneratedRegex(@"'[^']*'|0x[0-9A-F]+|-?\d+")]
    private static partial Regex FaultKind();

    /// <summary>Runs the loop on its own thread so that a hang fails the test instead of stalling the run.</summary>
    private static void RunGuarded(Action loop)
    {
        var task = Task.Factory.StartNew(loop, TaskCreationOptions.LongRunning);
        Assert.True(task.Wait(Budget), $"the loop did not finish within {Budget}");
        task.GetAwaiter().GetResult();
    }
}
