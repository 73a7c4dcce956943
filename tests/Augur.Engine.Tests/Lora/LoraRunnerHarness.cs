using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Tensors;

namespace Augur.Engine.Lora.Tests;

/// <summary>Runs sequences through a <see cref="ModelRunner"/> and records the logits of every step.</summary>
internal static class LoraRunnerHarness
{
    /// <summary>One sequence: prompt prefilled, then <c>steps</c> fed tokens; the logits after each (steps + 1 rows).</summary>
    public static float[][] Logits(ModelWeights weights, WorkerPool pool, LoraAdapter? adapter, int[] prompt, int[] fed) =>
        Batched(weights, pool, [(adapter, prompt, fed)])[0];

    /// <summary>All sequences together in every pass: one prefill pass for all prompts, then one pass per fed token.</summary>
    public static float[][][] Batched(ModelWeights weights, WorkerPool pool, IReadOnlyList<(LoraAdapter? Adapter, int[] Prompt, int[] Fed)> sequences)
    {
        using var cache = KvCache.For(weights.Config, new KvCacheOptions { BlockCount = 64, BlockTokens = 16, ElementType = KvElementType.F32 });
        var runner = new ModelRunner(weights, pool, cache, new ModelRunnerOptions { MaxBatchTokens = 256 });
        var batch = new ForwardBatch(runner.MaxBatchTokens);
        var tables = sequences.Select(_ => new BlockTable(cache)).ToArray();
        int steps = sequences[0].Fed.Length;
        var result = sequences.Select(_ => new float[steps + 1][]).ToArray();
        var rows = new int[sequences.Count];
        for (int step = 0; step <= steps; step++)
        {
            batch.Clear();
            for (int s = 0; s < sequences.Count; s++)
            {
                var (adapter, prompt, fed) = sequences[s];
                int[] tokens = step == 0 ? prompt : [fed[step - 1]];
                Assert.True(tables[s].TryReserve(tokens.Length));
                rows[s] = batch.AddRange(tokens, tables[s].Length, tables[s], wantLastLogits: true, adapter);
            }
            runner.Forward(batch);
            for (int s = 0; s < sequences.Count; s++)
                result[s][step] = runner.Logits(rows[s]).ToArray();
        }
        return result;
    }

    /// <summary>Greedy decoding of <paramref name="count"/> tokens after the prompt: the tokens and the logits each came from.</summary>
    public static (int[] Tokens, float[][] Logits) Greedy(ModelWeights weights, WorkerPool pool, LoraAdapter? adapter, int[] prompt, int count)
    {
        using var cache = KvCache.For(weights.Config, new KvCacheOptions { BlockCount = 64, BlockTokens = 16, ElementType = KvElementType.F32 });
        var runner = new ModelRunner(weights, pool, cache, new ModelRunnerOptions { MaxBatchTokens = 256 });
        var batch = new ForwardBatch(runner.MaxBatchTokens);
        var table = new BlockTable(cache);
        var tokens = new int[count];
        var logits = new float[count][];
        int[] input = prompt;
        for (int i = 0; i < count; i++)
        {
            batch.Clear();
            Assert.True(table.TryReserve(input.Length));
            int row = batch.AddRange(input, table.Length, table, wantLastLogits: true, adapter);
            runner.Forward(batch);
            logits[i] = runner.Logits(row).ToArray();
            tokens[i] = ArgMax(logits[i]);
            input = [tokens[i]];
        }
        return (tokens, logits);
    }

    public static int ArgMax(float[] logits) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);
}
