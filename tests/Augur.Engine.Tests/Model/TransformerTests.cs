using System.Numerics.Tensors;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

public sealed class TransformerTests
{
    [Fact]
    public void Forward_Stories260K_FirstLogitsMatchReference()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(2);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool);

        float[] logits = model.Forward(RunCGreedy.Bos, 0).ToArray();

        // README §1.5, computed with float64 accumulation.
        (int Id, float Logit)[] top5 = [(403, 17.0235f), (385, 15.4062f), (410, 13.1083f), (317, 12.7692f), (407, 12.4181f)];
        int[] order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).Take(5).ToArray();
        Assert.Equal(top5.Select(p => p.Id), order);
        foreach ((int id, float logit) in top5)
            Assert.Equal(logit, logits[id], 1e-3f);
        float[] first4 = [-6.2229f, 8.4043f, -6.2237f, -6.2225f];
        for (int i = 0; i < 4; i++)
            Assert.Equal(first4[i], logits[i], 1e-3f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Greedy_Stories260K_EmptyPrompt_MatchesRunC(int threads)
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(threads);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool);

        List<int> ids = RunCGreedy.Generate(model, [RunCGreedy.Bos], steps: 256);

        Assert.Equal(RunCGreedy.ReadIds(TestModels.Stories260KExpected("greedy_prompt-empty_n256_ids.txt")), ids);
        Assert.Equal(File.ReadAllText(TestModels.Stories260KExpected("greedy_prompt-empty_n256.txt")),
            RunCGreedy.Decode(TestModels.Tok512Bin, RunCGreedy.Bos, ids));
    }

    [Fact]
    public void Greedy_Stories260K_ZooPrompt_MatchesDocumentedText()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(2);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool);

        List<int> ids = RunCGreedy.Generate(model, [1, 410, 469, 347], steps: 60);

        Assert.Equal(59 + 1, ids.Count);
        Assert.Equal([410, 469, 347], ids.Take(3));
        Assert.Equal(File.ReadAllText(TestModels.Stories260KExpected("greedy_prompt-Zoo_n60.txt")),
            RunCGreedy.Decode(TestModels.Tok512Bin, RunCGreedy.Bos, ids));
    }

    [Fact]
    public void Greedy_Llama2xs_EmptyPrompt_MatchesReference()
    {
        using var file = Llama2cModelFile.Open(TestModels.Llama2xsBin);
        using var pool = new WorkerPool(2);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool);

        List<int> ids = RunCGreedy.Generate(model, [RunCGreedy.Bos], steps: 256);

        Assert.Equal(RunCGreedy.ReadIds(TestModels.Llama2xsExpected("greedy_prompt-empty_n256_ids.txt")), ids);
    }

    [Fact]
    public void Forward_OneAndTwoThreads_GiveIdenticalLogits()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool1 = new WorkerPool(1);
        using var pool2 = new WorkerPool(2);
        var single = new Transformer(weights, pool1);
        var dual = new Transformer(weights, pool2);

        int token = RunCGreedy.Bos;
        for (int pos = 0; pos < 40; pos++)
        {
            float[] a = single.Forward(token, pos).ToArray();
            float[] b = dual.Forward(token, pos).ToArray();
            Assert.Equal(a, b);
            token = TensorPrimitives.IndexOfMax(a);
        }
    }

    [Theory]
    [InlineData(1, 32)]
    [InlineData(2, 32)]
    [InlineData(2, 7)]
    public void Prefill_MatchesStepByStepForward(int threads, int maxBatchTokens)
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        ModelWeights weights = ModelWeights.Load(file.Config, file);
        using var pool = new WorkerPool(threads);
        var options = new TransformerOptions { MaxBatchTokens = maxBatchTokens };
        var stepwise = new Transformer(weights, pool, options);
        var batched = new Transformer(weights, pool, options);
        int[] tokens = RunCGreedy.ReadIds(TestModels.Stories260KExpected("greedy_prompt-empty_n256_ids.txt"))[..40];
        tokens[0] = RunCGreedy.Bos;

        float[] expected = [];
        for (int pos = 0; pos < 30; pos++)
            expected = stepwise.Forward(tokens[pos], pos).ToArray();
        float[] prefilled = batched.Prefill(tokens.AsSpan(0, 30), 0).ToArray();
        AssertClose(expected, prefilled);
        Assert.Equal(30, batched.Length);

        // A second chunk continues from the cache the first one wrote; then single steps continue from it.
        for (int pos = 30; pos < 38; pos++)
            expected = stepwise.Forward(tokens[pos], pos).ToArray();
        AssertClose(expected, batched.Prefill(tokens.AsSpan(30, 8), 30).ToArray());
        AssertClose(stepwise.Forward(tokens[38], 38).ToArray(), batched.Forward(tokens[38], 38).ToArray());
    }

    [Fact]
    public void Truncate_ThenReplay_ReproducesLogits()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(2);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool);
        int[] tokens = [1, 403, 407, 261, 378, 432];
        model.Prefill(tokens, 0);
        float[] expected = model.Forward(383, tokens.Length).ToArray();

        model.Truncate(3);
        Assert.Equal(3, model.Length);
        model.Prefill(tokens.AsSpan(3), 3);
        AssertClose(expected, model.Forward(383, tokens.Length).ToArray());

        model.Truncate(0);
        model.Prefill([1, 410], 0); // a different prompt in the reused cache
        Assert.Equal(2, model.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Truncate(3));
    }

    [Fact]
    public void Forward_BadArguments_Throw()
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(1);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool, new TransformerOptions { ContextLength = 4 });

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(512, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(1, 1)); // position 0 not cached yet
        model.Prefill([1, 2, 3, 4], 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(1, 4)); // past the context
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Forward_AfterWarmUp_AllocatesNothing(int threads)
    {
        using var file = Llama2cModelFile.Open(TestModels.Stories260KBin);
        using var pool = new WorkerPool(threads);
        var model = new Transformer(ModelWeights.Load(file.Config, file), pool);
        int token = RunCGreedy.Bos;
        for (int pos = 0; pos < 8; pos++)
            token = TensorPrimitives.IndexOfMax(model.Forward(token, pos));
        model.Prefill([1, 403, 407], 0);

        long allocated = Allocations.SteadyStateBytes(() =>
        {
            model.Prefill([1, 403, 407], 0);
            for (int pos = 3; pos < 100; pos++)
                token = TensorPrimitives.IndexOfMax(model.Forward(token, pos));
            model.Prefill([1, 403, 407, 261, 378], 0);
        });

        Assert.Equal(0, allocated);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = expected.Max(MathF.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-4f * scale, $"logit {i}: {expected[i]} vs {actual[i]}");
    }
}
