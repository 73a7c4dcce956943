using System.Diagnostics;
using System.Numerics.Tensors;
using Augur.Engine.Kv;
using Augur.Engine.Lora;
using Augur.Engine.Model;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Bench.Lora;

/// <summary>
/// Throughput of a batch whose sequences use different LoRA adapters against the same batch without adapters, in the
/// same process: every round prefills the sequences' prompts (packed into passes, timed) and decodes greedily one
/// token of every sequence per pass (timed), once with sequence s using adapter s mod adapters and once with none, the
/// order alternating between rounds.
/// </summary>
public static class LoraBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="progress"/> gets a line per timed run.</summary>
    public static LoraBenchmarkReport Run(ModelWeights weights, Vocabulary vocabulary, WorkerPool pool, ModelSummary model,
        IReadOnlyList<LoraAdapter> adapters, LoraBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(options);
        if (adapters.Count == 0)
            throw new ArgumentException("Give at least one adapter.", nameof(adapters));
        IReadOnlyList<BenchmarkPrompt> prompts = BenchmarkPrompt.CreateBatch(vocabulary, options.Sequences, options.PromptTokens, options.Seed);
        int positions = options.PromptTokens + options.DecodeTokens;
        int blockTokens = new KvCacheOptions().BlockTokens;
        using var cache = KvCache.For(weights.Config, new KvCacheOptions { BlockCount = options.Sequences * ((positions + blockTokens - 1) / blockTokens) });
        int batchTokens = Math.Max(options.BatchTokens, options.Sequences);
        var runner = new ModelRunner(weights, pool, cache,
            new ModelRunnerOptions { MaxBatchTokens = batchTokens, MaxLogitsRows = options.Sequences, ContextLength = positions });
        var batch = new ForwardBatch(batchTokens);
        var tables = new BlockTable[options.Sequences];
        for (int s = 0; s < tables.Length; s++)
            tables[s] = new BlockTable(cache, positions);
        var none = new LoraAdapter?[options.Sequences];
        var mixed = new LoraAdapter?[options.Sequences];
        for (int s = 0; s < mixed.Length; s++)
            mixed[s] = adapters[s % adapters.Count];

        var runs = new List<LoraRun>();
        for (int round = 0; round < options.WarmupRounds + options.Rounds; round++)
        {
            foreach (bool withAdapters in round % 2 == 0 ? (bool[])[false, true] : [true, false])
            {
                LoraRun run = RunOnce(runner, batch, tables, prompts, withAdapters ? mixed : none, options.DecodeTokens, withAdapters);
                bool warmup = round < options.WarmupRounds;
                if (!warmup)
                    runs.Add(run);
                progress?.Invoke(FormattableString.Invariant(
                    $"{(warmup ? "warmup" : $"round {round - options.WarmupRounds + 1}")} {(withAdapters ? "adapters" : "none")}: prefill {run.PrefillTokensPerSecond:F1} tok/s, decode {run.DecodeTokensPerSecond:F1} tok/s ({run.DecodeCpuSeconds:F2} s CPU)"));
            }
        }
        return new LoraBenchmarkReport(model, options, pool.ThreadCount, [.. adapters.Select(a => $"{a.Name} (rank {a.Rank})")], runs);
    }

    private static LoraRun RunOnce(ModelRunner runner, ForwardBatch batch, BlockTable[] tables, IReadOnlyList<BenchmarkPrompt> prompts,
        LoraAdapter?[] adapters, int steps, bool withAdapters)
    {
        int promptTokens = 0;
        foreach (BlockTable table in tables)
            table.Release();
        batch.Clear();
        long start = Stopwatch.GetTimestamp();
        for (int s = 0; s < prompts.Count; s++)
        {
            if (!tables[s].TryReserve(prompts[s].Length + steps))
                throw new InvalidOperationException("The KV cache was sized too small.");
            ReadOnlySpan<int> tokens = prompts[s].Tokens;
            promptTokens += tokens.Length;
            for (int i = 0; i < tokens.Length; i++)
            {
                if (batch.Count == batch.Capacity)
                {
                    runner.Forward(batch);
                    batch.Clear();
                }
                batch.Add(tokens[i], i, tables[s], wantLogits: false, adapters[s]);
            }
        }
        if (batch.Count > 0)
            runner.Forward(batch);
        double prefillSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var next = new int[prompts.Count];
        for (int s = 0; s < next.Length; s++)
            next[s] = prompts[s].FirstDecodeToken;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        start = Stopwatch.GetTimestamp();
        for (int step = 0; step < steps; step++)
        {
            batch.Clear();
            for (int s = 0; s < next.Length; s++)
                batch.Add(next[s], prompts[s].Length + step, tables[s], wantLogits: true, adapters[s]);
            runner.Forward(batch);
            for (int s = 0; s < next.Length; s++)
                next[s] = TensorPrimitives.IndexOfMax(runner.Logits(s));
        }
        double decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        batch.Clear();
        return new LoraRun(withAdapters, promptTokens / prefillSeconds, (double)prompts.Count * steps / decodeSeconds, cpuSeconds);
    }
}
