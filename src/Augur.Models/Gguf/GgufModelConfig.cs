using Augur.Tensors;

namespace Augur.Models.Gguf;

/// <summary>
/// Reads a <see cref="ModelConfig"/> from a GGUF file's <c>{arch}.*</c> metadata, as llama.cpp's loader does for the
/// architectures Augur runs (<c>llama</c>, <c>qwen2</c>).
/// </summary>
public static class GgufModelConfig
{
    /// <summary>The architectures whose hyperparameters this reader understands, with the RoPE style each implies.</summary>
    private static readonly Dictionary<string, RopeStyle> RopeStyles = new(StringComparer.Ordinal)
    {
        ["llama"] = RopeStyle.Normal,
        ["qwen2"] = RopeStyle.NeoX,
    };

    /// <summary>
    /// The hyperparameters of <paramref name="file"/>. Required keys: <c>general.architecture</c>, and under it
    /// <c>embedding_length</c>, <c>block_count</c>, <c>feed_forward_length</c>, <c>attention.head_count</c>,
    /// <c>context_length</c>, <c>attention.layer_norm_rms_epsilon</c>. Optional with defaults:
    /// <c>attention.head_count_kv</c> (= head count), <c>attention.key_length</c> (= embedding / heads),
    /// <c>rope.freq_base</c> (10000), <c>rope.dimension_count</c> (whole head), <c>rope.scaling.type</c>
    /// (none; linear reads <c>rope.scaling.factor</c>). The vocabulary size is the row count of <c>token_embd.weight</c>
    /// (or <c>vocab_size</c> when the tensor is absent).
    /// </summary>
    /// <exception cref="ModelLoadException">An unsupported architecture or RoPE scaling, a missing or mistyped key, a
    /// token embedding of the wrong shape, or values that do not describe a buildable model.</exception>
    public static ModelConfig Read(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string arch = file.GetString(GgufKeys.GeneralArchitecture);
        if (!RopeStyles.TryGetValue(arch, out RopeStyle ropeStyle))
        {
            throw new ModelLoadException(file.Path,
                $"architecture '{arch}' is not supported (supported: {string.Join(", ", RopeStyles.Keys)}).");
        }

        int dim = file.GetInt32(GgufKeys.EmbeddingLength(arch));
        int heads = file.GetInt32(GgufKeys.AttentionHeadCount(arch));
        int headDim = file.GetOrDefault(GgufKeys.AttentionKeyLength(arch), 0);
        var config = new ModelConfig
        {
            Architecture = arch,
            EmbeddingLength = dim,
            BlockCount = file.GetInt32(GgufKeys.BlockCount(arch)),
            HeadCount = heads,
            HeadCountKv = file.GetOrDefault(GgufKeys.AttentionHeadCountKv(arch), heads),
            HeadDim = headDim,
            FeedForwardLength = file.GetInt32(GgufKeys.FeedForwardLength(arch)),
            VocabSize = ReadVocabSize(file, arch, dim),
            ContextLength = file.GetInt32(GgufKeys.ContextLength(arch)),
            RmsNormEps = file.GetFloat32(GgufKeys.AttentionLayerNormRmsEpsilon(arch)),
            RopeFreqBase = file.GetOrDefault(GgufKeys.RopeFreqBase(arch), 10000f),
            RopeDimensionCount = file.GetOrDefault(GgufKeys.RopeDimensionCount(arch), 0),
            RopeStyle = ropeStyle,
            RopeScalingFactor = ReadRopeScalingFactor(file, arch),
        };

        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(file.Path, $"invalid model configuration: {e.Message}", e);
        }
        if (file.TryGet(GgufKeys.AttentionValueLength(arch), out int valueLength) && valueLength != config.HeadDim)
        {
            throw new ModelLoadException(file.Path, $"'{GgufKeys.AttentionValueLength(arch)}' = {valueLength} differs from " +
                $"the key head size {config.HeadDim}; separate value head sizes are not supported.");
        }
        return config;
    }

    /// <summary>
    /// Adds <c>general.architecture</c> and the <c>{arch}.*</c> hyperparameters of <paramref name="config"/> to
    /// <paramref name="writer"/>, so that <see cref="Read"/> (and llama.cpp) read the same configuration back. The head
    /// size is written only when it differs from dim/heads, and linear RoPE scaling only when its factor is not 1.
    /// </summary>
    public static void Write(GgufWriter writer, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(config);
        string arch = config.Architecture;
        writer.Add(GgufKeys.GeneralArchitecture, arch)
            .Add(GgufKeys.ContextLength(arch), (uint)config.ContextLength)
            .Add(GgufKeys.EmbeddingLength(arch), (uint)config.EmbeddingLength)
            .Add(GgufKeys.BlockCount(arch), (uint)config.BlockCount)
            .Add(GgufKeys.FeedForwardLength(arch), (uint)config.FeedForwardLength)
            .Add(GgufKeys.AttentionHeadCount(arch), (uint)config.HeadCount)
            .Add(GgufKeys.AttentionHeadCountKv(arch), (uint)config.HeadCountKv)
            .Add(GgufKeys.AttentionLayerNormRmsEpsilon(arch), config.RmsNormEps)
            .Add(GgufKeys.RopeFreqBase(arch), config.RopeFreqBase)
            .Add(GgufKeys.RopeDimensionCount(arch), (uint)config.RopeDimensionCount);
        if (config.HeadDim * config.HeadCount != config.EmbeddingLength)
        {
            writer.Add(GgufKeys.AttentionKeyLength(arch), (uint)config.HeadDim)
                .Add(GgufKeys.AttentionValueLength(arch), (uint)config.HeadDim);
        }
        if (config.RopeScalingFactor != 1f)
        {
            writer.Add(GgufKeys.RopeScalingType(arch), "linear")
                .Add(GgufKeys.RopeScalingFactor(arch), config.RopeScalingFactor);
        }
    }

    /// <summary>Rows of token_embd (ne1), whose columns (ne0) must be the embedding length.</summary>
    private static int ReadVocabSize(GgufFile file, string arch, int dim)
    {
        string vocabKey = GgufKeys.VocabSize(arch);
        GgufTensorInfo? embedding = file.FindTensor("token_embd.weight");
        if (embedding is null)
            return file.TryGet(vocabKey, out int declared) ? declared : throw new ModelLoadException(file.Path,
                $"neither the tensor 'token_embd.weight' nor the key '{vocabKey}' gives the vocabulary size.");

        ReadOnlySpan<long> dims = embedding.Dimensions;
        if (GgufTensorSource.Rank(embedding) != 2 || dims[0] != dim || dims[1] > int.MaxValue)
        {
            throw new ModelLoadException(file.Path,
                $"tensor 'token_embd.weight' has shape [{string.Join(", ", dims.ToArray())}]; expected [{dim} (embedding length), vocabulary size].");
        }
        int vocab = (int)dims[1];
        if (file.TryGet(vocabKey, out int stated) && stated != vocab)
            throw new ModelLoadException(file.Path, $"'{vocabKey}' = {stated}, but 'token_embd.weight' has {vocab} rows.");
        return vocab;
    }

    private static float ReadRopeScalingFactor(GgufFile file, string arch)
    {
        string factorKey = GgufKeys.RopeScalingFactor(arch);
        string legacyKey = $"{arch}.rope.scale_linear"; // older llama.cpp files
        string type = file.GetOrDefault(GgufKeys.RopeScalingType(arch), file.ContainsKey(legacyKey) ? "linear" : "none");
        switch (type)
        {
            case "none":
                return 1f;
            case "linear":
                float factor = file.TryGet(factorKey, out float f) ? f : file.GetOrDefault(legacyKey, 1f);
                // llama.cpp treats a factor of 0 as "no scaling".
                return factor == 0f ? 1f : factor;
            default:
                throw new ModelLoadException(file.Path,
                    $"RoPE scaling type '{type}' ('{GgufKeys.RopeScalingType(arch)}') is not supported (supported: none, linear).");
        }
    }
}
