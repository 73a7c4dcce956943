using Augur.Models;
using Augur.Models.Gguf;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

/// <summary>Llama 3 GGUF files carry <c>rope_freqs.weight</c> (per-pair divisors of the RoPE angle); read through
/// <see cref="GgufTensorSource"/>, the engine must pick it up.</summary>
public sealed class GgufRopeFreqsTests
{
    private const int Dim = 64, Heads = 4; // head dim 16: 8 rotated pairs

    [Fact]
    public void Load_RopeFreqs_AreReadAndChangeRotatedPositionsOnly()
    {
        using var temp = new TempDirectory();
        float[] factors = [1f, 1f, 2f, 4f, 8f, 8f, 16f, 32f];
        string plain = temp.File("plain.gguf"), ones = temp.File("ones.gguf"), scaled = temp.File("scaled.gguf");
        RandomLlamaGguf.Write(plain, Dim, 128, 1, Heads, 2, 32, seed: 3);
        RandomLlamaGguf.Write(ones, Dim, 128, 1, Heads, 2, 32, seed: 3, ropeFactors: [.. Enumerable.Repeat(1f, 8)]);
        RandomLlamaGguf.Write(scaled, Dim, 128, 1, Heads, 2, 32, seed: 3, ropeFactors: factors);

        using Loaded a = new(plain), b = new(ones), c = new(scaled);

        Assert.Null(a.Weights.RopeFrequencyFactors);
        Assert.Equal(factors, c.Weights.RopeFrequencyFactors);
        int[] tokens = [1, 5, 9, 30];
        for (int pos = 0; pos < tokens.Length; pos++)
        {
            float[] withoutFactors = a.Model.Forward(tokens[pos], pos).ToArray();
            Assert.Equal(withoutFactors, b.Model.Forward(tokens[pos], pos).ToArray()); // divisors of 1 change nothing
            float[] withFactors = c.Model.Forward(tokens[pos], pos).ToArray();
            if (pos == 0)
                Assert.Equal(withoutFactors, withFactors); // position 0 is not rotated
            else
                Assert.NotEqual(withoutFactors, withFactors);
        }
    }

    [Fact]
    public void Load_RopeFreqsOfWrongLength_IsModelLoadException()
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.gguf");
        RandomLlamaGguf.Write(path, Dim, 128, 1, Heads, 2, 32, seed: 3, ropeFactors: [1f, 2f, 3f]);
        using GgufFile file = GgufFile.Open(path);

        var e = Assert.Throws<ModelLoadException>(() => ModelWeights.Load(GgufModelConfig.Read(file), new GgufTensorSource(file)));
        Assert.Contains("rope_freqs.weight", e.Message, StringComparison.Ordinal);
    }

    private sealed class Loaded : IDisposable
    {
        private readonly GgufFile _file;
        private readonly WorkerPool _pool = new(1);

        public Loaded(string path)
        {
            _file = GgufFile.Open(path);
            Weights = ModelWeights.Load(GgufModelConfig.Read(_file), new GgufTensorSource(_file));
            Model = new Transformer(Weights, _pool);
        }

        public ModelWeights Weights { get; }

        public Transformer Model { get; }

        public void Dispose()
        {
            _pool.Dispose();
            _file.Dispose();
        }
    }
}
