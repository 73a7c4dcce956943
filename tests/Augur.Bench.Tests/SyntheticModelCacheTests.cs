using Augur.Models;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Bench.Tests;

public class SyntheticModelCacheTests
{
    [Fact]
    public void The_path_names_writer_version_shape_type_and_seed()
    {
        string path = SyntheticModelCache.PathFor("/cache", "tiny-24m", TensorType.Q8_0, seed: 7);

        Assert.Equal($"/cache/synthetic-v{SyntheticModelCache.WriterVersion}-tiny-24m-q8_0-seed7.gguf", path);
        Assert.NotEqual(path, SyntheticModelCache.PathFor("/cache", "tiny-24m", TensorType.Q4_0, seed: 7));
        Assert.NotEqual(path, SyntheticModelCache.PathFor("/cache", "llama-1b", TensorType.Q8_0, seed: 7));
        Assert.NotEqual(path, SyntheticModelCache.PathFor("/cache", "tiny-24m", TensorType.Q8_0, seed: 8));
    }

    [Fact]
    public void The_first_call_writes_a_loadable_model_and_the_second_reuses_it()
    {
        using var directory = new TempDirectory();
        var log = new List<string>();

        string first = SyntheticModelCache.GetOrWrite("tiny-24m", TensorType.Q4_0, directory.Path, progress: log.Add);
        DateTime written = File.GetLastWriteTimeUtc(first);
        string second = SyntheticModelCache.GetOrWrite("tiny-24m", TensorType.Q4_0, directory.Path, progress: log.Add);

        Assert.Equal(first, second);
        Assert.Single(log);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.Equal([first], Directory.GetFiles(directory.Path)); // no temporary file left behind
        using ModelFile model = ModelFile.Open(first);
        Assert.Equal(BenchmarkShapes.Get("tiny-24m").Dim, model.Config.EmbeddingLength);
        Assert.Equal(TensorType.Q4_0, model.Tensors.GetMatrix("blk.0.ffn_gate.weight").Type);
    }

    [Fact]
    public void A_file_under_the_final_name_counts_as_complete_whatever_it_holds()
    {
        // Only a finished write is renamed to the final name, so the cache trusts that name and never rewrites it.
        using var directory = new TempDirectory();
        string path = SyntheticModelCache.PathFor(directory.Path, "llama-1b", TensorType.F16);
        File.WriteAllText(path, "placeholder");

        Assert.Equal(path, SyntheticModelCache.GetOrWrite("llama-1b", TensorType.F16, directory.Path));
        Assert.Equal("placeholder", File.ReadAllText(path));
    }

    [Fact]
    public void An_unknown_shape_is_refused_before_anything_is_written()
    {
        using var directory = new TempDirectory();

        Assert.Throws<ArgumentException>(() => SyntheticModelCache.GetOrWrite("llama-70b", TensorType.Q8_0, directory.Path));
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }
}
