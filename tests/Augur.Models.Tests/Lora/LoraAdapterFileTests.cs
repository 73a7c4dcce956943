using Augur.Models.Safetensors;
using Augur.Tests.Common;

namespace Augur.Models.Lora.Tests;

public sealed class LoraAdapterFileTests : IDisposable
{
    private static readonly ModelConfig Base = new()
    {
        Architecture = "llama", EmbeddingLength = 32, BlockCount = 2, HeadCount = 4, HeadCountKv = 2,
        FeedForwardLength = 48, VocabSize = 64, ContextLength = 64,
    };

    private static readonly LoraModule[] All = Enum.GetValues<LoraModule>();

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.BF16)]
    public void Load_PeftAdapter_HoldsEveryPairWithItsShape(SafetensorsDType type)
    {
        var adapter = new RandomLoraAdapter(Base, rank: 4, alpha: 6, All, seed: 1);
        var (config, weights) = adapter.WriteTo(_directory.Path, type);

        LoraAdapterWeights loaded = LoraAdapterFile.Load(config, weights, Base, new LoraLimits());

        Assert.Equal(1.5f, loaded.Scale);
        Assert.Equal(4, loaded.Rank);
        for (int layer = 0; layer < Base.BlockCount; layer++)
        {
            foreach (LoraModule module in All)
            {
                LoraMatrixPair pair = loaded.Get(layer, module)!;
                (int input, int output) = LoraModules.Shape(Base, module);
                Assert.Equal((input, output), (pair.Input, pair.Output));
            }
        }
        // v is not permuted: its A and B are the file's (up to the storage type's rounding)
        (float[] a, float[] b) = adapter.Matrices[(1, LoraModule.Value)];
        double tolerance = type == SafetensorsDType.F32 ? 0 : 1.0 / 128;
        Assert.All(a.Zip(loaded.Get(1, LoraModule.Value)!.A), p => Assert.True(Math.Abs(p.First - p.Second) <= tolerance * Math.Abs(p.First)));
        Assert.All(b.Zip(loaded.Get(1, LoraModule.Value)!.B), p => Assert.True(Math.Abs(p.First - p.Second) <= tolerance * Math.Abs(p.First)));
    }

    [Fact]
    public void Load_LlamaQueryB_IsPermutedToInterleavedRopeRowsPerHead()
    {
        var adapter = new RandomLoraAdapter(Base, rank: 2, alpha: 2, [LoraModule.Query], seed: 2);
        var (config, weights) = adapter.WriteTo(_directory.Path);
        float[] hf = adapter.Matrices[(0, LoraModule.Query)].B;

        float[] gguf = LoraAdapterFile.Load(config, weights, Base, new LoraLimits()).Get(0, LoraModule.Query)!.B;

        // head dim 8: GGUF rows 0,1,2,3… of a head are HF rows 0,4,1,5…
        int[] hfRowOf = [0, 4, 1, 5, 2, 6, 3, 7];
        for (int row = 0; row < Base.QueryLength; row++)
        {
            int source = row / 8 * 8 + hfRowOf[row % 8];
            Assert.Equal(hf.AsSpan(source * 2, 2).ToArray(), gguf.AsSpan(row * 2, 2).ToArray());
        }
    }

    [Fact]
    public void Load_Qwen2_KeepsHuggingFaceRowOrder()
    {
        ModelConfig qwen = Base with { Architecture = "qwen2", RopeStyle = Augur.Tensors.RopeStyle.NeoX };
        var adapter = new RandomLoraAdapter(qwen, rank: 2, alpha: 2, [LoraModule.Key], seed: 3);
        var (config, weights) = adapter.WriteTo(_directory.Path, modelType: "qwen2");
        Assert.Equal(adapter.Matrices[(1, LoraModule.Key)].B, LoraAdapterFile.Load(config, weights, qwen, new LoraLimits()).Get(1, LoraModule.Key)!.B);
    }

    [Fact]
    public void Fingerprint_DependsOnWeightsAndScale()
    {
        string Fingerprint(int seed, double alpha)
        {
            string dir = Path.Combine(_directory.Path, $"{seed}-{alpha}");
            var (c, w) = new RandomLoraAdapter(Base, 2, alpha, [LoraModule.Up], seed).WriteTo(dir);
            return LoraAdapterFile.Load(c, w, Base, new LoraLimits()).Fingerprint;
        }
        Assert.Equal(Fingerprint(5, 4), Fingerprint(5, 4));
        Assert.NotEqual(Fingerprint(5, 4), Fingerprint(6, 4));
        Assert.NotEqual(Fingerprint(5, 4), Fingerprint(5, 3));
    }

    [Fact]
    public void Load_TensorOfUntargetedModule_IsRejected()
    {
        var adapter = new RandomLoraAdapter(Base, 2, 4, [LoraModule.Query, LoraModule.Gate], seed: 4);
        var (config, weights) = adapter.WriteTo(_directory.Path);
        File.WriteAllText(config, """{"r":2,"lora_alpha":4,"target_modules":["q_proj"]}""");
        AssertFault(config, weights, "target_modules does not list");
    }

    [Fact]
    public void Load_WrongShape_IsRejected()
    {
        var (config, weights) = Write(w => w.Add(LoraModules.PeftTensorName(0, LoraModule.Query, false), SafetensorsDType.F32, [2, 31], new float[62])
            .Add(LoraModules.PeftTensorName(0, LoraModule.Query, true), SafetensorsDType.F32, [32, 2], new float[64]));
        AssertFault(config, weights, "needs [2, 32]");
    }

    [Fact]
    public void Load_RankOtherThanConfig_IsRejected()
    {
        var (config, weights) = Write(w => w.Add(LoraModules.PeftTensorName(0, LoraModule.Query, false), SafetensorsDType.F32, [3, 32], new float[96])
            .Add(LoraModules.PeftTensorName(0, LoraModule.Query, true), SafetensorsDType.F32, [32, 3], new float[96]));
        AssertFault(config, weights, "rank 2");
    }

    [Fact]
    public void Load_LayerPastBaseModel_IsRejected()
    {
        var (config, weights) = Write(w => w.Add(LoraModules.PeftTensorName(2, LoraModule.Query, false), SafetensorsDType.F32, [2, 32], new float[64]));
        AssertFault(config, weights, "base model has 2 layers");
    }

    [Fact]
    public void Load_AWithoutB_IsRejected()
    {
        var (config, weights) = Write(w => w.Add(LoraModules.PeftTensorName(1, LoraModule.Query, false), SafetensorsDType.F32, [2, 32], new float[64]));
        AssertFault(config, weights, "no lora_B");
    }

    [Theory]
    [InlineData("base_model.model.model.layers.0.self_attn.q_proj.weight")]
    [InlineData("base_model.model.model.layers.0.mlp.q_proj.lora_A.weight")]
    [InlineData("base_model.model.model.layers.00.self_attn.q_proj.lora_A.weight")]
    [InlineData("base_model.model.model.layers.-1.self_attn.q_proj.lora_A.weight")]
    [InlineData("base_model.model.lm_head.lora_A.weight")]
    [InlineData("../../etc/passwd")]
    public void Load_ForeignTensorName_IsRejected(string name)
    {
        var (config, weights) = Write(w => w.Add(name, SafetensorsDType.F32, [2, 32], new float[64]));
        AssertFault(config, weights, "not a PEFT LoRA matrix");
    }

    [Fact]
    public void Load_NonFiniteValue_IsRejected()
    {
        var a = new float[64];
        a[17] = float.NaN;
        var (config, weights) = Write(w => w.Add(LoraModules.PeftTensorName(0, LoraModule.Query, false), SafetensorsDType.F32, [2, 32], a)
            .Add(LoraModules.PeftTensorName(0, LoraModule.Query, true), SafetensorsDType.F32, [32, 2], new float[64]));
        AssertFault(config, weights, "NaN");
    }

    [Fact]
    public void Load_RankAboveLimit_IsRejected()
    {
        var (config, weights) = new RandomLoraAdapter(Base, 4, 8, [LoraModule.Up], seed: 7).WriteTo(_directory.Path);
        var e = Assert.Throws<ModelLoadException>(() => LoraAdapterFile.Load(config, weights, Base, new LoraLimits { MaxRank = 3 }));
        Assert.Contains("above the limit of 3", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightsAboveSizeLimit_IsRejected()
    {
        var (config, weights) = new RandomLoraAdapter(Base, 4, 8, [LoraModule.Up], seed: 7).WriteTo(_directory.Path);
        var e = Assert.Throws<ModelLoadException>(() => LoraAdapterFile.Load(config, weights, Base, new LoraLimits { MaxWeightsBytes = 1000 }));
        Assert.Contains("more than the 1000 allowed", e.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelTypeOfAnotherFamily_IsRejected()
    {
        var (config, weights) = new RandomLoraAdapter(Base, 2, 8, [LoraModule.Up], seed: 7).WriteTo(_directory.Path, modelType: "gemma");
        var e = Assert.Throws<ModelLoadException>(() => LoraAdapterFile.Load(config, weights, Base, new LoraLimits()));
        Assert.Contains("'gemma'", e.Fault, StringComparison.Ordinal);
    }

    private (string Config, string Weights) Write(Action<SafetensorsWriter> add)
    {
        string config = _directory.File("adapter_config.json"), weights = _directory.File("adapter_model.safetensors");
        File.WriteAllText(config, """{"r":2,"lora_alpha":4,"target_modules":"all-linear"}""");
        var writer = new SafetensorsWriter();
        add(writer);
        writer.Write(weights);
        return (config, weights);
    }

    private static void AssertFault(string config, string weights, string fault)
    {
        var e = Assert.Throws<ModelLoadException>(() => LoraAdapterFile.Load(config, weights, Base, new LoraLimits()));
        Assert.Contains(fault, e.Fault, StringComparison.Ordinal);
    }
}
