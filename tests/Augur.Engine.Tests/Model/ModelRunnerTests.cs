using System.Numerics.Tensors;
using Augur.Engine.Kv;
using Augur.Models;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

public sealed class ModelRunnerTests
{
    [Theory]
    [InlineData(KvElementType.F32, 4, 1)]
    [InlineData(KvElementType.F32, 16, 2)]
    [InlineData(KvElementType.F16, 16, 2)]
    public void Batched_Stories260K_GivesEachSequenceTheBitsItGetsAlone(KvElementType kvType, int blockTokens, int threads)
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(threads);

        AssertBatchedEqualsAlone(weights, pool, kvType, blockTokens, RaggedSchedule.Plans(file.Config.VocabSize, seed: 5));
    }

    [Theory]
    [InlineData("llama", TensorType.Q4_0)]
    [InlineData("llama", TensorType.Q8_0)]
    [InlineData("qwen2", TensorType.Q8_0)]
    public void Batched_SyntheticQuantizedModel_GivesEachSequenceTheBitsItGetsAlone(string architecture, TensorType type)
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.gguf");
        SyntheticModels.Write(path, new SyntheticModelShape(architecture, 128, 2, 4, 2, 256, 512, ContextLength: 256), type, seed: 11);
        using ModelFile model = ModelFile.Open(path);
        using ModelWeights weights = ModelWeights.Load(model.Config, model.Tensors);
        Assert.Equal(type, weights.Layers[0].Gate.Matrix.Type);
        using var pool = new WorkerPool(2);

        AssertBatchedEqualsAlone(weights, pool, KvElementType.F16, 16, RaggedSchedule.Plans(model.Config.VocabSize, seed: 6));
    }

    [Fact]
    public void Verify_ManyLogitsRowsOfOneSequence_EqualStepByStep_AndTruncationRewinds()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(2);
        using var alone = new Transformer(weights, pool);
        using var cache = KvCache.For(file.Config, new KvCacheOptions { BlockCount = 8, ElementType = KvElementType.F32 });
        var runner = new ModelRunner(weights, pool, cache);
        var target = new BlockTable(cache);
        var other = new BlockTable(cache);
        var batch = new ForwardBatch(runner.MaxBatchTokens);
        int[] prompt = [1, 403, 407, 261, 378], draft = [432, 383, 410, 469], otherPrompt = [1, 410, 469];

        // Prefill both, then verify a 4-token draft of one beside a decode token of the other: a logits row per draft token.
        Prefill(runner, batch, target, prompt);
        Prefill(runner, batch, other, otherPrompt);
        target.TryReserve(draft.Length);
        other.TryReserve(1);
        batch.Clear();
        int otherRow = batch.Add(7, otherPrompt.Length, other, wantLogits: true);
        for (int i = 0; i < draft.Length; i++)
            Assert.Equal(i + 1, batch.Add(draft[i], prompt.Length + i, target, wantLogits: true));
        runner.Forward(batch);

        alone.Prefill(prompt, 0);
        for (int i = 0; i < draft.Length; i++)
            Assert.Equal(alone.Forward(draft[i], prompt.Length + i).ToArray(), runner.Logits(i + 1).ToArray());
        alone.Prefill(otherPrompt, 0);
        Assert.Equal(alone.Forward(7, otherPrompt.Length).ToArray(), runner.Logits(otherRow).ToArray());
        Assert.Equal(prompt.Length + draft.Length, target.Length);

        // Reject the last two draft tokens: the sequence continues from the accepted ones.
        target.Truncate(prompt.Length + 2);
        target.TryReserve(1);
        batch.Clear();
        batch.Add(9, prompt.Length + 2, target, wantLogits: true);
        runner.Forward(batch);
        alone.Prefill([.. prompt, draft[0], draft[1]], 0);
        Assert.Equal(alone.Forward(9, prompt.Length + 2).ToArray(), runner.Logits(0).ToArray());
    }

    [Fact]
    public void Forward_F16Cache_StaysCloseToF32()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(2);
        using var f32 = new Transformer(weights, pool);
        using var f16 = new Transformer(weights, pool, new TransformerOptions { KvElementType = KvElementType.F16 });
        Assert.Equal(KvElementType.F16, f16.KvElementType);
        int[] path = RunCGreedy.ReadIds(TestModels.Stories260KExpected("greedy_prompt-empty_n256_ids.txt"))[..120];
        path[0] = RunCGreedy.Bos;

        double worst = 0, sumDifferences = 0;
        int agree = 0;
        for (int pos = 0; pos < path.Length; pos++)
        {
            float[] a = f32.Forward(path[pos], pos).ToArray();
            float[] b = f16.Forward(path[pos], pos).ToArray();
            float scale = a.Max(MathF.Abs);
            for (int i = 0; i < a.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / scale);
                sumDifferences += Math.Abs(a[i] - b[i]);
            }
            agree += TensorPrimitives.IndexOfMax(a) == TensorPrimitives.IndexOfMax(b) ? 1 : 0;
        }

        Assert.True(sumDifferences > 0, "the F16 cache gave the F32 bits: is it used at all?");
        Assert.True(worst < 1e-2, $"worst logit difference {worst:E2} of the row's largest logit");
        Assert.True(agree >= path.Length - 2, $"argmax agreed at {agree} of {path.Length} positions");
    }

    [Fact]
    public void Forward_MixedBatches_AfterWarmUp_AllocateNothing()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(2);
        using var cache = KvCache.For(file.Config, new KvCacheOptions { BlockCount = 16 });
        var runner = new ModelRunner(weights, pool, cache);
        var tables = Enumerable.Range(0, 3).Select(_ => new BlockTable(cache, 64)).ToArray();
        var batch = new ForwardBatch(runner.MaxBatchTokens);
        int[] prompt = [1, 403, 407, 261, 378, 432, 383];
        var next = new int[3];

        void Workload()
        {
            batch.Clear();
            for (int s = 0; s < 3; s++)
            {
                tables[s].Release();
                tables[s].TryReserve(s + 3);
                batch.AddRange(prompt.AsSpan(0, s + 3), 0, tables[s], wantLastLogits: true);
            }
            runner.Forward(batch);
            for (int step = 0; step < 20; step++)
            {
                for (int s = 0; s < 3; s++)
                    next[s] = TensorPrimitives.IndexOfMax(runner.Logits(s));
                batch.Clear();
                for (int s = 0; s < 3; s++)
                {
                    tables[s].TryReserve(1);
                    batch.Add(next[s], tables[s].Length, tables[s], wantLogits: true);
                }
                runner.Forward(batch);
            }
        }

        Workload();
        Assert.Equal(0, Allocations.SteadyStateBytes(Workload));
    }

    [Fact]
    public void Forward_BadBatches_ThrowBeforeTouchingAnything()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(1);
        using var cache = KvCache.For(file.Config, new KvCacheOptions { BlockCount = 4, BlockTokens = 2 });
        using var otherCache = KvCache.For(file.Config, new KvCacheOptions { BlockCount = 1 });
        var runner = new ModelRunner(weights, pool, cache, new ModelRunnerOptions { MaxBatchTokens = 4, MaxLogitsRows = 2, ContextLength = 40 });
        var table = new BlockTable(cache);
        table.TryReserve(2);
        var batch = new ForwardBatch(8);

        void Throws<T>(Action<ForwardBatch> fill)
            where T : Exception
        {
            batch.Clear();
            fill(batch);
            Assert.ThrowsAny<T>(() => runner.Forward(batch));
            Assert.Equal(0, table.Length);
        }

        Throws<ArgumentException>(_ => { }); // empty
        Throws<ArgumentException>(b => b.Add(512, 0, table, true)); // outside the vocabulary
        Throws<ArgumentException>(b => b.Add(1, 1, table, true)); // a gap: position 0 is not cached
        Throws<ArgumentException>(b => { b.AddRange([1, 2], 0, table, true); b.Add(3, 1, table, true); }); // position 1 twice
        Throws<ArgumentException>(b => b.AddRange([1, 2, 3, 4, 5], 0, table, true)); // more than MaxBatchTokens
        Throws<ArgumentException>(b => { b.Add(1, 0, table, true); b.Add(2, 1, table, true); b.Add(3, 2, table, true); }); // 3 logits rows
        Throws<InvalidOperationException>(b => b.AddRange([1, 2, 3], 0, table, false)); // slot 2 not reserved
        Throws<ArgumentException>(b => b.Add(1, 0, new BlockTable(otherCache), true)); // another cache's table

        var big = new ModelRunnerOptions { MaxBatchTokens = 4, MaxLogitsRows = 5 };
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelRunner(weights, pool, cache, big));
        using var wrongShape = new KvCache(file.Config.BlockCount, file.Config.KeyValueLength + 1, new KvCacheOptions { BlockCount = 1 });
        Assert.Throws<ArgumentException>(() => new ModelRunner(weights, pool, wrongShape));
        Assert.Throws<InvalidOperationException>(() => { var full = new ForwardBatch(1); full.Add(1, 0, table, true); full.Add(2, 1, table, true); });
    }

    [Fact]
    public void Forward_PastTheContext_Throws_AndPoolExhaustionIsReportedByTheTable()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(1);
        using var cache = KvCache.For(file.Config, new KvCacheOptions { BlockCount = 3, BlockTokens = 4 });
        var runner = new ModelRunner(weights, pool, cache, new ModelRunnerOptions { ContextLength = 6 });
        var first = new BlockTable(cache);
        var second = new BlockTable(cache);
        var batch = new ForwardBatch(8);

        Assert.True(first.TryReserve(8));
        Prefill(runner, batch, first, [1, 2, 3, 4, 5, 6]);
        batch.Clear();
        batch.Add(7, 6, first, true);
        Assert.ThrowsAny<ArgumentException>(() => runner.Forward(batch));

        Assert.True(second.TryReserve(4));
        Assert.False(second.TryReserve(5)); // a second block: none is left
        Assert.Equal(0, cache.FreeBlocks);
        first.Release();
        Assert.True(second.TryReserve(5));
        second.Release();
        Assert.Equal(cache.BlockCount, cache.FreeBlocks);
    }

    private static void AssertBatchedEqualsAlone(ModelWeights weights, WorkerPool pool, KvElementType kvType, int blockTokens, SequencePlan[] plans)
    {
        // Just enough blocks that finished sequences must hand theirs on to later ones.
        using var cache = KvCache.For(weights.Config, new KvCacheOptions { BlockCount = 160 / blockTokens, BlockTokens = blockTokens, ElementType = kvType });
        var runner = new ModelRunner(weights, pool, cache, new ModelRunnerOptions { MaxBatchTokens = 24, ContextLength = 64 });
        using var alone = new Transformer(weights, pool, new TransformerOptions { MaxBatchTokens = 9, ContextLength = 64, KvElementType = kvType });

        SequenceRun[] batched = RaggedSchedule.RunBatched(runner, plans);

        for (int s = 0; s < plans.Length; s++)
        {
            SequenceRun expected = RaggedSchedule.RunAlone(alone, plans[s]);
            Assert.Equal(expected.Tokens, batched[s].Tokens);
            Assert.Equal(expected.Logits.Count, batched[s].Logits.Count);
            for (int i = 0; i < expected.Logits.Count; i++)
                Assert.Equal(expected.Logits[i], batched[s].Logits[i]);
        }
        Assert.Equal(cache.BlockCount, cache.FreeBlocks); // every block came back
    }

    private static void Prefill(ModelRunner runner, ForwardBatch batch, BlockTable table, int[] prompt)
    {
        table.TryReserve(prompt.Length);
        batch.Clear();
        batch.AddRange(prompt, table.Length, table, wantLastLogits: true);
        runner.Forward(batch);
    }
}
