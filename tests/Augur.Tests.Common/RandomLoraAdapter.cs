using System.Text.Json;
using Augur.Models;
using Augur.Models.Lora;
using Augur.Models.Safetensors;

namespace Augur.Tests.Common;

/// <summary>
/// A random PEFT LoRA adapter for a base model, as Hugging Face PEFT would save it (<c>adapter_config.json</c> and
/// <c>adapter_model.safetensors</c>, Hugging Face row order). The matrices are kept, so tests can merge
/// <c>W + scale·B·A</c> themselves.
/// </summary>
/// <remarks>
/// A ~ N(0, 1/input) and B scaled so that scale·B·A·x has about bStd of
/// the RMS of x, large enough to change greedy tokens and small enough to keep activations O(1).
/// </remarks>
public sealed class RandomLoraAdapter
{
    public RandomLoraAdapter(ModelConfig baseModel, int rank, double alpha, IReadOnlyList<LoraModule> modules, int seed, bool useRsLora = false, float bStd = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        Rank = rank;
        Alpha = alpha;
        UseRsLora = useRsLora;
        Modules = modules;
        var random = new Random(seed);
        Scale = (float)(useRsLora ? alpha / Math.Sqrt(rank) : alpha / rank);
        for (int layer = 0; layer < baseModel.BlockCount; layer++)
        {
            foreach (LoraModule module in modules)
            {
                (int input, int output) = LoraModules.Shape(baseModel, module);
                float[] a = Gaussian(random, rank * input, 1 / Math.Sqrt(input));
                // (scale·B·A·x) ~ scale·√rank·std(B) per output: aim at bStd
                float[] b = Gaussian(random, output * rank, bStd / (Scale * Math.Sqrt(rank)));
                Matrices[(layer, module)] = (a, b);
            }
        }
    }

    public int Rank { get; }

    public double Alpha { get; }

    public bool UseRsLora { get; }

    public float Scale { get; }

    public IReadOnlyList<LoraModule> Modules { get; }

    /// <summary>Per layer and module: A (rank, input) and B (output, rank), row-major, Hugging Face row order.</summary>
    public Dictionary<(int Layer, LoraModule Module), (float[] A, float[] B)> Matrices { get; } = [];

    /// <summary>The adapter_config.json PEFT writes (with model_type added, as Workers AI asks).</summary>
    public string ConfigJson(string? modelType = "llama") => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["peft_type"] = "LORA",
        ["r"] = Rank,
        ["lora_alpha"] = Alpha,
        ["use_rslora"] = UseRsLora,
        ["target_modules"] = Modules.Select(LoraModules.PeftName).ToArray(),
        ["bias"] = "none",
        ["task_type"] = "CAUSAL_LM",
        ["model_type"] = modelType,
    });

    /// <summary>The safetensors writer holding every matrix, in <paramref name="type"/>.</summary>
    public SafetensorsWriter Weights(SafetensorsDType type = SafetensorsDType.F32)
    {
        var writer = new SafetensorsWriter().AddMetadata("format", "pt");
        foreach (((int layer, LoraModule module), (float[] a, float[] b)) in Matrices)
        {
            writer.Add(LoraModules.PeftTensorName(layer, module, isB: false), type, [Rank, a.Length / Rank], a);
            writer.Add(LoraModules.PeftTensorName(layer, module, isB: true), type, [b.Length / Rank, Rank], b);
        }
        return writer;
    }

    /// <summary>Writes both files into <paramref name="directory"/>; returns their paths.</summary>
    public (string Config, string Weights) WriteTo(string directory, SafetensorsDType type = SafetensorsDType.F32, string? modelType = "llama")
    {
        Directory.CreateDirectory(directory);
        string config = Path.Combine(directory, "adapter_config.json"), weights = Path.Combine(directory, "adapter_model.safetensors");
        File.WriteAllText(config, ConfigJson(modelType));
        Weights(type).Write(weights);
        return (config, weights);
    }

    private static float[] Gaussian(Random random, int count, double std)
    {
        var result = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            result[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return result;
    }
}
