using Augur.Models.Gguf;
using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Tests.Common;

/// <summary>
/// Writes random-weight llama-family GGUF models with the project's own <see cref="GgufWriter"/>, for differential tests
/// against llama.cpp: any <see cref="SyntheticModelShape"/>, any weight type, a real vocabulary.
/// </summary>
/// <remarks>
/// The scales keep every activation O(1) and make the logits decisive:
/// <list type="bullet">
/// <item>token_embd ~ N(0, 1/dim), small beside the O(1) output of each block. RMSNorm makes the first block's input
/// unit-RMS whatever the scale; what the scale sets is how much the current token's own embedding e weighs in the final
/// residual x. With a tied classifier the logit of the current token carries e·e, about (|e| / |x|)·√dim standard
/// deviations above the rest: with unit-variance embeddings that is some 10σ, and greedy decoding repeats one token
/// forever. At std 1/√dim it is about 1σ;</item>
/// <item>every projection ~ N(0, 1/fan_in), so its outputs have about the RMS of its (RMS-normed) input: q·k/√headDim
/// is then about N(0, 1), which makes attention neither uniform nor one-hot;</item>
/// <item>norms ~ 1 + N(0, 0.1²), biases ~ N(0, 0.2²);</item>
/// <item>the classifier gives logits of standard deviation about <see cref="LogitStd"/>: untied, output ~ N(0, σ²/dim)
/// after a unit output norm; tied, the embedding is the classifier and output_norm is centred on σ / (√dim ·
/// std(token_embd)) = σ instead. The top logits of a row then lie about a unit apart, far more than float rounding.</item>
/// </list>
/// 2-D weights are stored in the requested type (F32 where its block size does not divide the row length), 1-D tensors
/// in F32, as llama.cpp's quantizer does. Each tensor has its own seed, derived from the model seed and its index.
/// </remarks>
public static partial class SyntheticModels
{
    /// <summary>Standard deviation of the logits the classifier produces.</summary>
    public const float LogitStd = 4f;

    /// <summary>Standard deviation of the token embedding of a model of width <paramref name="dim"/>: 1/√dim.</summary>
    public static float EmbeddingStd(int dim) => 1f / MathF.Sqrt(dim);

    private const float NormJitter = 0.1f;
    private const float BiasStd = 0.2f;

    /// <summary>Writes the model to <paramref name="path"/> (replacing it).</summary>
    /// <param name="path">The GGUF file to write.</param>
    /// <param name="shape">Sizes and architecture; see <see cref="SyntheticModelShape"/>.</param>
    /// <param name="weightType">Storage type of the 2-D weights.</param>
    /// <param name="seed">Seed of every random weight: the same arguments write the same bytes.</param>
    public static void Write(string path, SyntheticModelShape shape, TensorType weightType, int seed)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        if (!TensorTypeInfo.IsSupported(weightType) || weightType is TensorType.Q8_1 or TensorType.Q8_K)
            throw new ArgumentException($"{weightType} is not a weight type.", nameof(weightType));

        var writer = new GgufWriter();
        AddHyperparameters(writer, shape, weightType);
        AddVocabulary(writer, shape.VocabSize);
        new TensorAdder(writer, weightType, seed).AddAll(shape);
        writer.Write(path);
    }

    private static void AddHyperparameters(GgufWriter writer, SyntheticModelShape shape, TensorType weightType)
    {
        string arch = shape.Architecture;
        writer.Add(GgufKeys.GeneralArchitecture, arch)
            .Add(GgufKeys.GeneralName, $"synthetic {shape} {weightType}")
            .Add(GgufKeys.GeneralFileType, FileType(weightType))
            .Add(GgufKeys.GeneralQuantizationVersion, 2u)
            .Add(GgufKeys.ContextLength(arch), (uint)shape.ContextLength)
            .Add(GgufKeys.EmbeddingLength(arch), (uint)shape.Dim)
            .Add(GgufKeys.BlockCount(arch), (uint)shape.Layers)
            .Add(GgufKeys.FeedForwardLength(arch), (uint)shape.FeedForward)
            .Add(GgufKeys.AttentionHeadCount(arch), (uint)shape.Heads)
            .Add(GgufKeys.AttentionHeadCountKv(arch), (uint)shape.KvHeads)
            .Add(GgufKeys.AttentionLayerNormRmsEpsilon(arch), 1e-5f)
            .Add(GgufKeys.RopeFreqBase(arch), shape.RopeTheta)
            .Add(GgufKeys.RopeDimensionCount(arch), (uint)shape.HeadDim);
    }

    /// <summary>llama.cpp's <c>llama_ftype</c> for a file whose 2-D weights are mostly <paramref name="type"/>.</summary>
    private static uint FileType(TensorType type) => type switch
    {
        TensorType.F32 => 0,
        TensorType.F16 => 1,
        TensorType.Q4_0 => 2,
        TensorType.Q4_1 => 3,
        TensorType.Q8_0 => 7,
        TensorType.Q5_0 => 8,
        TensorType.Q5_1 => 9,
        TensorType.Q4_K => 14, // Q4_K_S
        TensorType.Q5_K => 16, // Q5_K_S
        TensorType.Q6_K => 18,
        TensorType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No llama.cpp file type for this weight type."),
    };

    /// <summary>The type a row of <paramref name="columns"/> is stored in: the requested one if its blocks fit, else F32.</summary>
    public static TensorType StorageType(TensorType weightType, int columns) =>
        columns % TensorTypeInfo.BlockSize(weightType) == 0 ? weightType : TensorType.F32;
}
