using Augur.Engine.Requests;
using Augur.Models.Llama2c;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Tests;

public sealed class EngineGroupTests
{
    [Fact]
    public async Task TwoModels_ShareOneBudgetAndOneThread_AndEachAnswersAsItWouldAlone()
    {
        using var directory = new TempDirectory();
        string stories = directory.File("stories.gguf"), synthetic = directory.File("synthetic.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, stories);
        SyntheticModels.Write(synthetic, new SyntheticModelShape("llama", 64, 2, 4, 2, 128, 512, ContextLength: 256), TensorType.Q8_0, seed: 3);
        long weights = new FileInfo(stories).Length + new FileInfo(synthetic).Length;
        long budget = weights + (3L << 20);

        using var group = EngineGroup.Load([new EngineModel("stories", stories), new EngineModel("synthetic", synthetic) { KvShare = 2 }], budget, threads: 2);
        Assert.Equal(weights, group.WeightBytes);
        Assert.Equal(3L << 20, group.KvBytes);
        long kvStories = group["stories"].Cache.BlockCount * group["stories"].Cache.BlockBytes;
        long kvSynthetic = group["synthetic"].Cache.BlockCount * group["synthetic"].Cache.BlockBytes;
        Assert.InRange(kvStories, (1L << 20) - group["stories"].Cache.BlockBytes, 1L << 20);
        Assert.InRange(kvSynthetic, (2L << 20) - group["synthetic"].Cache.BlockBytes, 2L << 20);
        Assert.Equal("synthetic", group["synthetic"].Options.ModelName);

        var request = new GenerationRequest { PromptTokens = [1, 20, 30, 40], MaxTokens = 24, IgnoreEndOfGeneration = true };
        Outcome[] alone = [.. group.Engines.Values.Select(e => EngineDriver.Run(e, [new Submission(request)])[0])];
        group.Start();
        Outcome[] together = await Task.WhenAll(group.Engines.Values.SelectMany(e => Enumerable.Range(0, 3).Select(_ => EngineDriver.Collect(e.Submit(request)))));

        Assert.Equal(alone[0].Tokens, together[0].Tokens);
        Assert.Equal(alone[0].Tokens, together[2].Tokens);
        Assert.Equal(alone[1].Tokens, together[3].Tokens);
        Assert.NotEqual(alone[0].Tokens, alone[1].Tokens);
        Assert.Throws<InvalidOperationException>(() => group["stories"].Dispose()); // the group owns its engines
    }

    [Fact]
    public void ABudgetTheWeightsExceed_OrBadModels_AreRefused()
    {
        using var directory = new TempDirectory();
        string stories = directory.File("stories.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, stories);
        long size = new FileInfo(stories).Length;

        Assert.Contains("does not cover the weights", Assert.Throws<ArgumentException>(() => EngineGroup.Load([new EngineModel("a", stories)], size)).Message);
        Assert.Contains("holds no block", Assert.Throws<ArgumentException>(() => EngineGroup.Load([new EngineModel("a", stories)], size + 100)).Message);
        Assert.Throws<ArgumentException>(() => EngineGroup.Load([new EngineModel("a", stories), new EngineModel("a", stories)], size * 4));
        Assert.Throws<ArgumentException>(() => EngineGroup.Load([new EngineModel("a", stories) { KvShare = 0 }], size * 4));
        Assert.ThrowsAny<Augur.Models.ModelLoadException>(() => EngineGroup.Load([new EngineModel("a", stories), new EngineModel("b", directory.File("missing.gguf"))], size * 4));
    }
}
