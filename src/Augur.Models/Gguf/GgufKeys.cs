namespace Augur.Models.Gguf;

/// <summary>
/// Well-known GGUF metadata keys (as written by llama.cpp's converters). Keys that depend on the architecture are
/// methods taking it, e.g. <c>ContextLength("llama")</c> is <c>"llama.context_length"</c>.
/// </summary>
public static class GgufKeys
{
    /// <summary>Alignment of the data section and of each tensor when <see cref="GeneralAlignment"/> is absent, in bytes.</summary>
    public const uint DefaultAlignment = 32;

    public const string GeneralArchitecture = "general.architecture";
    public const string GeneralName = "general.name";
    /// <summary>uint32 power of two: alignment of the data section and of each tensor offset, in bytes (default 32).</summary>
    public const string GeneralAlignment = "general.alignment";
    /// <summary>uint32 llama_ftype: the dominant tensor type (1 = mostly F16, 7 = Q8_0, 15 = Q4_K_M …).</summary>
    public const string GeneralFileType = "general.file_type";
    public const string GeneralQuantizationVersion = "general.quantization_version";

    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerPre = "tokenizer.ggml.pre";
    public const string TokenizerTokens = "tokenizer.ggml.tokens";
    public const string TokenizerScores = "tokenizer.ggml.scores";
    public const string TokenizerTokenType = "tokenizer.ggml.token_type";
    public const string TokenizerMerges = "tokenizer.ggml.merges";
    public const string TokenizerBosTokenId = "tokenizer.ggml.bos_token_id";
    public const string TokenizerEosTokenId = "tokenizer.ggml.eos_token_id";
    public const string TokenizerUnknownTokenId = "tokenizer.ggml.unknown_token_id";
    public const string TokenizerPaddingTokenId = "tokenizer.ggml.padding_token_id";
    public const string TokenizerSeparatorTokenId = "tokenizer.ggml.seperator_token_id";
    public const string TokenizerAddBosToken = "tokenizer.ggml.add_bos_token";
    public const string TokenizerAddEosToken = "tokenizer.ggml.add_eos_token";
    public const string TokenizerAddSpacePrefix = "tokenizer.ggml.add_space_prefix";
    public const string TokenizerChatTemplate = "tokenizer.chat_template";

    /// <summary>Training context length, in tokens.</summary>
    public static string ContextLength(string architecture) => $"{architecture}.context_length";

    /// <summary>Model width (d_model).</summary>
    public static string EmbeddingLength(string architecture) => $"{architecture}.embedding_length";

    /// <summary>Number of transformer blocks.</summary>
    public static string BlockCount(string architecture) => $"{architecture}.block_count";

    /// <summary>Hidden width of the feed-forward network.</summary>
    public static string FeedForwardLength(string architecture) => $"{architecture}.feed_forward_length";

    public static string AttentionHeadCount(string architecture) => $"{architecture}.attention.head_count";

    /// <summary>Key/value heads (grouped-query attention); equal to the head count when absent.</summary>
    public static string AttentionHeadCountKv(string architecture) => $"{architecture}.attention.head_count_kv";

    public static string AttentionLayerNormRmsEpsilon(string architecture) => $"{architecture}.attention.layer_norm_rms_epsilon";

    public static string AttentionKeyLength(string architecture) => $"{architecture}.attention.key_length";

    public static string AttentionValueLength(string architecture) => $"{architecture}.attention.value_length";

    /// <summary>RoPE base frequency θ (default 10000).</summary>
    public static string RopeFreqBase(string architecture) => $"{architecture}.rope.freq_base";

    /// <summary>Number of rotated dimensions per head.</summary>
    public static string RopeDimensionCount(string architecture) => $"{architecture}.rope.dimension_count";

    /// <summary>"none", "linear", "yarn" or "llama3".</summary>
    public static string RopeScalingType(string architecture) => $"{architecture}.rope.scaling.type";

    public static string RopeScalingFactor(string architecture) => $"{architecture}.rope.scaling.factor";

    public static string RopeScalingOriginalContextLength(string architecture) => $"{architecture}.rope.scaling.original_context_length";

    public static string RopeScalingAttnFactor(string architecture) => $"{architecture}.rope.scaling.attn_factor";

    public static string RopeScalingFinetuned(string architecture) => $"{architecture}.rope.scaling.finetuned";

    public static string VocabSize(string architecture) => $"{architecture}.vocab_size";
}
