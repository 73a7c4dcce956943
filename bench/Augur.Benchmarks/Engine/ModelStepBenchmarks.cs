using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Models;
using Augur.Tensors;
using Augur.Tests.Common;
using BenchmarkDotNet.Attributes;

namespace Augur.Benchmarks.Engine;

/// <summary>
/// Whole-model forward passes of a <see cref="ModelRunner"/> over a paged <see cref="KvCache"/> (F32 elements, 16-token
/// blocks, 2 worker threads), on a small random-weight llama written with <see cref="SyntheticModels.Write"/>: dim 256,
/// 4 layers, 4 heads, 2 KV heads, ffn 768, Llama 2 vocabulary (32000), about 18M parameters, every 2-D weight in
/// <see cref="WeightType"/> (dim 256 so that Q4_K's 256-weight blocks fit every matrix). Each of the 8 sequences holds
/// a 40-token context; an operation appends tokens after it and truncates the tables back to 40, so state does not
/// grow. With <see cref="MemoryDiagnoserAttribute"/> the Allocated column is the managed allocation per pass, all
/// threads together: the steady-state target is 0 B. Setup warms every operation up until tiered compilation is done,
/// so that its few bytes do not land in the measured runs of the slow (F16) cases.
/// </summary>
[MemoryDiagnoser]
public class ModelStepBenchmarks
{
    private const int Sequences = 8;
    private const int Context = 40;
    private const int PrefillTokens = 32;
    private const int BatchTokens = 64; // the context prefill in setup takes one pass

    private static readonly SyntheticModelShape Shape = new("llama", Dim: 256, Layers: 4, Heads: 4, KvHeads: 2,
        FeedForward: 768, VocabSize: 32000, ContextLength: 512);

    private string _directory = "";
    private ModelFile _file = null!;
    private ModelWeights _weights = null!;
    private WorkerPool _pool = null!;
    private KvCache _cache = null!;
    private ModelRunner _runner = null!;
    private ForwardBatch _batch = null!;
    private BlockTable[] _tables = [];
    private int[] _prompt = [];

    [Params(TensorType.F16, TensorType.Q8_0, TensorType.Q4_0, TensorType.Q4_K)]
    public TensorType WeightType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("augur-modelstep-").FullName;
        string path = Path.Combine(_directory, "model.gguf");
        SyntheticModels.Write(path, Shape, WeightType, seed: 1);
        _file = ModelFile.Open(path);
        _weights = ModelWeights.Load(_file.Config, _file.Tensors);
        _pool = new WorkerPool(2);
        int blocksPerSequence = (Context + PrefillTokens + 15) / 16;
        _cache = KvCache.For(_file.Config, new KvCacheOptions { BlockCount = Sequences * blocksPerSequence, ElementType = KvElementType.F32 });
        _runner = new ModelRunner(_weights, _pool, _cache,
            new ModelRunnerOptions { MaxBatchTokens = BatchTokens, MaxLogitsRows = Sequences, ContextLength = Context + PrefillTokens });
        _batch = new ForwardBatch(BatchTokens);

        var random = new Random(7);
        _prompt = Enumerable.Range(0, Context + PrefillTokens).Select(_ => random.Next(3, Shape.VocabSize)).ToArray();
        _tables = new BlockTable[Sequences];
        for (int s = 0; s < Sequences; s++)
        {
            _tables[s] = new BlockTable(_cache, Context + PrefillTokens);
            _tables[s].TryReserve(Context);
            _batch.Clear();
            _batch.AddRange(_prompt.AsSpan(s, Context), 0, _tables[s], wantLastLogits: false);
            _runner.Forward(_batch);
        }

        // Warm-up beyond BenchmarkDotNet's own: enough calls that tiered compilation has promoted the hot methods (tier 0
        // and on-stack replacement allocate a little on the JIT's threads), and a pause for its background compiles.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 40; i++)
            {
                Decode1();
                Decode8();
                Prefill32();
            }
            Thread.Sleep(300);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        _pool.Dispose();
        _weights.Dispose();
        _file.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One decode step of one sequence: 1 token, its logits.</summary>
    [Benchmark]
    public float Decode1()
    {
        BlockTable table = _tables[0];
        table.TryReserve(1);
        _batch.Clear();
        _batch.Add(_prompt[Context], Context, table, wantLogits: true);
        _runner.Forward(_batch);
        table.Truncate(Context);
        return _runner.Logits(0)[0];
    }

    /// <summary>One batched decode step: one token of each of the 8 sequences, 8 logits rows.</summary>
    [Benchmark]
    public float Decode8()
    {
        _batch.Clear();
        for (int s = 0; s < Sequences; s++)
        {
            _tables[s].TryReserve(1);
            _batch.Add(_prompt[Context + s], Context, _tables[s], wantLogits: true);
        }
        _runner.Forward(_batch);
        for (int s = 0; s < Sequences; s++)
            _tables[s].Truncate(Context);
        return _runner.Logits(Sequences - 1)[0];
    }

    /// <summary>One 32-token prefill chunk of one sequence, logits of its last token.</summary>
    [Benchmark]
    public float Prefill32()
    {
        BlockTable table = _tables[0];
        table.TryReserve(PrefillTokens);
        _batch.Clear();
        _batch.AddRange(_prompt.AsSpan(Context, PrefillTokens), Context, table, wantLastLogits: true);
        _runner.Forward(_batch);
        table.Truncate(Context);
        return _runner.Logits(0)[0];
    }
}
