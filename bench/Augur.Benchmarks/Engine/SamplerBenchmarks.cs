using Augur.Engine.Sampling;
using BenchmarkDotNet.Attributes;

namespace Augur.Benchmarks.Engine;

/// <summary>
/// One <see cref="Sampler.Sample"/> call on a Llama-2 (32000) and a Llama-3 (128256) vocabulary. Sample overwrites
/// its logits, so each call first copies a fixed row into scratch; <see cref="CopyLogits"/> measures that copy
/// alone, to subtract.
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private float[] _logits = [];
    private float[] _scratch = [];
    private int[] _history = [];
    private Sampler _typical = null!;
    private Sampler _topPOnly = null!;
    private Sampler _greedy = null!;

    [Params(32000, 128256)]
    public int VocabSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Logits shaped like a model's: mostly a broad normal bulk, plus a handful of strong candidates.
        var random = new Random(20240601);
        _logits = new float[VocabSize];
        for (int i = 0; i < VocabSize; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            _logits[i] = (float)(2.0 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        for (int i = 0; i < 20; i++)
            _logits[random.Next(VocabSize)] = 12f + (float)(4 * random.NextDouble());

        _scratch = new float[VocabSize];
        _history = Enumerable.Range(0, 256).Select(_ => random.Next(VocabSize)).ToArray();
        _typical = new Sampler(VocabSize, new SamplingOptions { Temperature = 0.8f, TopK = 40, TopP = 0.95f, Seed = 1 });
        _topPOnly = new Sampler(VocabSize, new SamplingOptions { Temperature = 0.8f, TopP = 0.95f, Seed = 1 });
        _greedy = new Sampler(VocabSize, SamplingOptions.Greedy with { RepetitionPenalty = 1.1f });
    }

    [Benchmark(Baseline = true)]
    public float CopyLogits()
    {
        _logits.CopyTo(_scratch, 0);
        return _scratch[0];
    }

    /// <summary>Temperature 0.8, top-k 40, top-p 0.95: the common chat setting.</summary>
    [Benchmark]
    public int Sample_TopK40_TopP95()
    {
        _logits.CopyTo(_scratch, 0);
        return _typical.Sample(_scratch, _history);
    }

    /// <summary>Temperature 0.8, top-p 0.95 without top-k: the path that must avoid sorting the vocabulary.</summary>
    [Benchmark]
    public int Sample_TopP95()
    {
        _logits.CopyTo(_scratch, 0);
        return _topPOnly.Sample(_scratch, _history);
    }

    /// <summary>Greedy with a repetition penalty over the last 64 tokens.</summary>
    [Benchmark]
    public int Sample_Greedy()
    {
        _logits.CopyTo(_scratch, 0);
        return _greedy.Sample(_scratch, _history);
    }
}
