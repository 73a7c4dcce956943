using Augur.Models;
using Augur.Models.Gguf;
using Augur.Models.Quantization;
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
        GgufVocabulary.Write(writer, VocabularyFor(shape.VocabSize));
        new TensorAdder(writer, weightType, seed).AddAll(shape);
        writer.Write(path);
    }

    private static void AddHyperparameters(GgufWriter writer, SyntheticModelShape shape, TensorType weightType)
    {
        var config = new ModelConfig
        {
            Architecture = shape.Architecture,
            EmbeddingLength = shape.Dim,
            BlockCount = shape.Layers,
            HeadCount = shape.Heads,
            HeadCountKv = shape.KvHeads,
            HeadDim = shape.HeadDim,
            FeedForwardLength = shape.FeedForward,
            VocabSize = shape.VocabSize,
            ContextLength = shape.ContextLength,
            RopeFreqBase = shape.RopeTheta,
        };
        GgufModelConfig.Write(writer, config);
        writer.Add(GgufKeys.GeneralName, $"synthetic {shape} {weightType}")
            .Add(GgufKeys.GeneralFileType, TensorTypeNames.FileType(weightType))
            .Add(GgufKeys.GeneralQuantizationVersion, 2u);
    }

    /// <summary>The type a row of <paramref name="columns"/> is stored in: the requested one if its blocks fit, else F32.</summary>
    public static TensorType StorageType(TensorType weightType, int columns) =>
        columns % TensorTypeInfo.BlockSize(weightType) == 0 ? weightType : TensorType.F32;
}
