using System.Numerics.Tensors;
using Augur.Engine.Kv;

namespace Augur.Engine.Model.Tests;

/// <summary>
/// One sequence of a batched-equals-alone test: its prompt, how many tokens it decodes greedily, the step it arrives
/// at, and the prefill chunk it takes per step.
/// </summary>
internal sealed record SequencePlan(int[] Prompt, int DecodeSteps, int ArrivalStep, int Chunk);

/// <summary>What a sequence produced: the logits after its prompt and after each decoded token, and its greedy tokens.</summary>
internal sealed record SequenceRun(List<float[]> Logits, List<int> Tokens);

/// <summary>
/// A miniature scheduler for tests: runs many sequences through one <see cref="ModelRunner"/> in mixed batches, each
/// step taking every running sequence's next decode token and a prefill chunk of each arrived one, within the runner's
/// token budget, in an order that changes from step to step. Finished sequences release their blocks, which later
/// sequences reuse.
/// </summary>
internal static class RaggedSchedule
{
    public static SequenceRun[] RunBatched(ModelRunner runner, IReadOnlyList<SequencePlan> plans)
    {
        var runs = plans.Select(_ => new SequenceRun([], [])).ToArray();
        var tables = plans.Select(p => new BlockTable(runner.Cache, p.Prompt.Length + p.DecodeSteps)).ToArray();
        var fed = new int[plans.Count];
        var rows = new int[plans.Count];
        var done = new bool[plans.Count];
        var batch = new ForwardBatch(runner.MaxBatchTokens);

        for (int step = 0; done.Contains(false); step++)
        {
            batch.Clear();
            Array.Fill(rows, -1);
            for (int k = 0; k < plans.Count; k++)
            {
                int s = step % 2 == 0 ? k : plans.Count - 1 - k; // neighbours and places in the batch vary
                SequencePlan plan = plans[s];
                int room = batch.Capacity - batch.Count;
                if (done[s] || step < plan.ArrivalStep || room == 0)
                    continue;
                BlockTable table = tables[s];
                int count = fed[s] < plan.Prompt.Length ? Math.Min(Math.Min(plan.Chunk, plan.Prompt.Length - fed[s]), room) : 1;
                if (!table.TryReserve(count))
                    throw new InvalidOperationException("The test's cache is too small for its schedule.");
                if (fed[s] < plan.Prompt.Length)
                {
                    rows[s] = batch.AddRange(plan.Prompt.AsSpan(fed[s], count), fed[s], table, fed[s] + count == plan.Prompt.Length);
                    fed[s] += count;
                }
                else
                {
                    rows[s] = batch.Add(runs[s].Tokens[^1], table.Length, table, wantLogits: true);
                }
            }
            if (batch.Count == 0)
                continue;
            runner.Forward(batch);
            for (int s = 0; s < plans.Count; s++)
            {
                if (rows[s] < 0)
                    continue;
                float[] logits = runner.Logits(rows[s]).ToArray();
                runs[s].Logits.Add(logits);
                runs[s].Tokens.Add(TensorPrimitives.IndexOfMax(logits));
                if (runs[s].Tokens.Count == plans[s].DecodeSteps + 1)
                {
                    done[s] = true;
                    tables[s].Release();
                }
            }
        }
        return runs;
    }

    /// <summary>The same sequence alone on a <see cref="Transformer"/>: prefill, then greedy decode.</summary>
    public static SequenceRun RunAlone(Transformer model, SequencePlan plan)
    {
        var run = new SequenceRun([], []);
        model.Truncate(0);
        float[] logits = model.Prefill(plan.Prompt, 0).ToArray();
        for (int i = 0; ; i++)
        {
            run.Logits.Add(logits);
            run.Tokens.Add(TensorPrimitives.IndexOfMax(logits));
            if (i == plan.DecodeSteps)
                return run;
            logits = model.Forward(run.Tokens[^1], plan.Prompt.Length + i).ToArray();
        }
    }

    /// <summary>Sequences of different prompt lengths, decode lengths, arrival steps and chunk sizes, prompts seeded.</summary>
    public static SequencePlan[] Plans(int vocabSize, int seed)
    {
        var random = new Random(seed);
        int[] Prompt(int length) => [.. Enumerable.Range(0, length).Select(_ => random.Next(vocabSize))];
        return
        [
            new(Prompt(1), 12, 0, 8),
            new(Prompt(23), 6, 0, 5),
            new(Prompt(40), 9, 1, 16),
            new(Prompt(7), 15, 3, 3),
            new(Prompt(17), 4, 4, 17),
            new(Prompt(33), 10, 9, 7),
        ];
    }
}
