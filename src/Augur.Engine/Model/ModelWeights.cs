using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// Every weight of a model, checked for presence and shape against its <see cref="ModelConfig"/>. The matrices are
/// views into the <see cref="ITensorSource"/>'s memory, which must stay open while these weights are used, or panels
/// repacked from it at load (<see cref="LinearWeights"/>), which <see cref="Dispose"/> frees.
/// </summary>
public sealed class ModelWeights : IDisposable
{
    private ModelWeights(ModelConfig config, Architecture architecture, LayerWeights[] layers)
    {
        Config = config;
        Architecture = architecture;
        Layers = layers;
    }

    public ModelConfig Config { get; }

    public Architecture Architecture { get; }

    /// <summary>token_embd (vocab, dim).</summary>
    public WeightMatrix TokenEmbedding { get; private init; }

    /// <summary>output_norm (dim).</summary>
    public float[] OutputNorm { get; private init; } = [];

    /// <summary>output (vocab, dim); the token embedding itself when the file has no output.weight (tied classifier).</summary>
    public required LinearWeights Output { get; init; }

    /// <summary>rope_freqs (ropeDims/2): per-pair divisors of the RoPE angle (llama 3), or null.</summary>
    public float[]? RopeFrequencyFactors { get; private init; }

    /// <summary>One entry per block.</summary>
    public IReadOnlyList<LayerWeights> Layers { get; }

    /// <summary>
    /// Reads and checks the weights; any inconsistency is a <see cref="ModelLoadException"/> naming it. With
    /// <paramref name="repack"/> (the default) matrices whose type has a panel kernel are repacked for it.
    /// </summary>
    public static ModelWeights Load(ModelConfig config, ITensorSource source, bool repack = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            config.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ModelLoadException(source.Path, $"invalid model configuration: {ex.Message}", ex);
        }
        Architecture architecture = Architecture.For(config, source.Path);

        int dim = config.EmbeddingLength, vocab = config.VocabSize;
        var layers = new LayerWeights[config.BlockCount];
        try
        {
            for (int i = 0; i < layers.Length; i++)
                layers[i] = LoadLayer(config, architecture, source, i, repack);

            WeightMatrix tokenEmbedding = source.GetMatrix("token_embd.weight", vocab, dim);
            WeightMatrix output = source.Contains("output.weight") ? source.GetMatrix("output.weight", vocab, dim) : tokenEmbedding;
            return new ModelWeights(config, architecture, layers)
            {
                TokenEmbedding = tokenEmbedding,
                OutputNorm = source.GetVector("output_norm.weight", dim),
                Output = LinearWeights.Prepare(output, repack),
                RopeFrequencyFactors = source.GetOptionalVector("rope_freqs.weight", config.RopeDimensionCount / 2),
            };
        }
        catch
        {
            foreach (LayerWeights? layer in layers)
                layer?.Dispose();
            throw;
        }
    }

    /// <summary>Frees the repacked matrices; the weights must not be used afterwards.</summary>
    public void Dispose()
    {
        foreach (LayerWeights layer in Layers)
            layer.Dispose();
        Output.Dispose();
    }

    private static LayerWeights LoadLayer(ModelConfig config, Architecture architecture, ITensorSource source, int i, bool repack)
    {
        int dim = config.EmbeddingLength, qDim = config.QueryLength, kvDim = config.KeyValueLength;
        int hidden = config.FeedForwardLength;
        string prefix = $"blk.{i}.";
        LinearWeights Matrix(string name, int rows, int columns) => LinearWeights.Prepare(source.GetMatrix(prefix + name, rows, columns), repack);
        return new LayerWeights
        {
            AttentionNorm = source.GetVector(prefix + "attn_norm.weight", dim),
            Query = Matrix("attn_q.weight", qDim, dim),
            Key = Matrix("attn_k.weight", kvDim, dim),
            Value = Matrix("attn_v.weight", kvDim, dim),
            AttentionOutput = Matrix("attn_output.weight", dim, qDim),
            QueryBias = Bias(source, architecture, prefix + "attn_q.bias", qDim),
            KeyBias = Bias(source, architecture, prefix + "attn_k.bias", kvDim),
            ValueBias = Bias(source, architecture, prefix + "attn_v.bias", kvDim),
            FeedForwardNorm = source.GetVector(prefix + "ffn_norm.weight", dim),
            Gate = Matrix("ffn_gate.weight", hidden, dim),
            Up = Matrix("ffn_up.weight", hidden, dim),
            Down = Matrix("ffn_down.weight", dim, hidden),
        };
    }

    private static float[]? Bias(ITensorSource source, Architecture architecture, string name, int length) =>
        architecture.RequiresQkvBias ? source.GetVector(name, length) : source.GetOptionalVector(name, length);
}
