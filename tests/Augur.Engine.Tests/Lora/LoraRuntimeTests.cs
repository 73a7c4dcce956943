using Augur.Engine.Model;
using Augur.Models;
using Augur.Models.Llama2c;
using Augur.Models.Lora;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Engine.Lora.Tests;

/// <summary>
/// The runtime adapter (base weights untouched, y += scale·(x·A)·B inside the batched pass) against the oracle: a GGUF
/// model with the merged weights W + scale·B·A written out (see <see cref="MergedLoraModel"/>).
/// </summary>
public sealed class LoraRuntimeTests : IDisposable
{
    private const int Steps = 24;
    private static readonly LoraModule[] All = Enum.GetValues<LoraModule>();

    private readonly TempDirectory _directory = new();
    private readonly WorkerPool _pool = new(2);

    public void Dispose()
    {
        _pool.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("llama", 1, 3.0, false)]
    [InlineData("llama", 8, 16.0, false)]
    [InlineData("llama", 32, 8.0, true)]
    [InlineData("qwen2", 8, 4.0, false)]
    public void Runtime_SyntheticModel_EqualsMergedWeights(string architecture, int rank, double alpha, bool rsLora)
    {
        string basePath = _directory.File($"{architecture}.gguf");
        SyntheticModels.Write(basePath, new SyntheticModelShape(architecture, 128, 2, 4, 2, 256, 512, ContextLength: 256), TensorType.F32, seed: 41);
        AssertRuntimeEqualsMerged(basePath, rank, alpha, rsLora, All, seed: rank, modelType: architecture);
    }

    [Theory]
    [InlineData(1, 2.0)]
    [InlineData(8, 32.0)]
    [InlineData(32, 16.0)]
    public void Runtime_Stories260K_EqualsMergedWeights(int rank, double alpha)
    {
        string basePath = _directory.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, basePath);
        AssertRuntimeEqualsMerged(basePath, rank, alpha, rsLora: false, All, seed: 100 + rank, modelType: "llama");
    }

    [Fact]
    public void Runtime_AttentionOnlyAdapter_EqualsMergedWeights()
    {
        string basePath = _directory.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, basePath);
        AssertRuntimeEqualsMerged(basePath, 4, 8, rsLora: false, [LoraModule.Query, LoraModule.Value], seed: 7, modelType: "llama");
    }

    private void AssertRuntimeEqualsMerged(string basePath, int rank, double alpha, bool rsLora, LoraModule[] modules, int seed, string modelType)
    {
        using ModelFile baseFile = ModelFile.Open(basePath);
        ModelConfig config = baseFile.Config;
        var random = new RandomLoraAdapter(config, rank, alpha, modules, seed, rsLora);
        var (configPath, weightsPath) = random.WriteTo(_directory.File($"adapter-{seed}"), modelType: modelType);
        var adapter = new LoraAdapter("test", LoraAdapterFile.Load(configPath, weightsPath, config, new LoraLimits()));
        string mergedPath = _directory.File($"merged-{seed}.gguf");
        MergedLoraModel.Write(basePath, config, random, mergedPath);
        using ModelFile mergedFile = ModelFile.Open(mergedPath);
        using ModelWeights baseWeights = ModelWeights.Load(config, baseFile.Tensors);
        using ModelWeights mergedWeights = ModelWeights.Load(mergedFile.Config, mergedFile.Tensors);
        int[] prompt = [1, 5, 17, 33, 9, 101, 64, 12, 250, 3, 77];

        var (runtimeTokens, runtimeLogits) = LoraRunnerHarness.Greedy(baseWeights, _pool, adapter, prompt, Steps);
        var (mergedTokens, mergedLogits) = LoraRunnerHarness.Greedy(mergedWeights, _pool, null, prompt, Steps);
        var (_, baseLogits) = LoraRunnerHarness.Greedy(baseWeights, _pool, null, prompt, 1);

        Assert.Equal(mergedTokens, runtimeTokens);
        double scale = mergedLogits.Max(row => row.Max(Math.Abs));
        double tolerance = 1e-4 * scale;
        for (int step = 0; step < Steps; step++)
        {
            double worst = mergedLogits[step].Zip(runtimeLogits[step], (m, r) => Math.Abs(m - r)).Max();
            Assert.True(worst <= tolerance, $"step {step}: logits differ by {worst}, more than {tolerance}");
        }
        // and the adapter matters: far more than the tolerance apart from the base model
        double effect = baseLogits[0].Zip(runtimeLogits[0], (b, r) => Math.Abs(b - r)).Max();
        Assert.True(effect > 100 * tolerance, $"the adapter moved the logits by only {effect}");
    }
}
