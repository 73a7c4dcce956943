namespace Augur.Models.Lora;

/// <summary>The projections of a llama-family layer that a LoRA adapter may target.</summary>
public enum LoraModule
{
    /// <summary><c>self_attn.q_proj</c>, GGUF <c>attn_q</c>: embedding → query.</summary>
    Query,

    /// <summary><c>self_attn.k_proj</c>, GGUF <c>attn_k</c>: embedding → key.</summary>
    Key,

    /// <summary><c>self_attn.v_proj</c>, GGUF <c>attn_v</c>: embedding → value.</summary>
    Value,

    /// <summary><c>self_attn.o_proj</c>, GGUF <c>attn_output</c>: query → embedding.</summary>
    Output,

    /// <summary><c>mlp.gate_proj</c>, GGUF <c>ffn_gate</c>: embedding → feed-forward.</summary>
    Gate,

    /// <summary><c>mlp.up_proj</c>, GGUF <c>ffn_up</c>: embedding → feed-forward.</summary>
    Up,

    /// <summary><c>mlp.down_proj</c>, GGUF <c>ffn_down</c>: feed-forward → embedding.</summary>
    Down,
}

/// <summary>Names and shapes of the <see cref="LoraModule"/>s.</summary>
public static class LoraModules
{
    /// <summary>Number of <see cref="LoraModule"/> values.</summary>
    public const int Count = 7;

    /// <summary>The PEFT (Hugging Face) name of the module: <c>q_proj</c>, <c>gate_proj</c>…</summary>
    public static string PeftName(LoraModule module) => module switch
    {
        LoraModule.Query => "q_proj",
        LoraModule.Key => "k_proj",
        LoraModule.Value => "v_proj",
        LoraModule.Output => "o_proj",
        LoraModule.Gate => "gate_proj",
        LoraModule.Up => "up_proj",
        _ => "down_proj",
    };

    /// <summary>The Hugging Face sub-module holding it: <c>self_attn</c> or <c>mlp</c>.</summary>
    public static string Section(LoraModule module) => module <= LoraModule.Output ? "self_attn" : "mlp";

    /// <summary>The GGUF tensor name of the base weight in layer <paramref name="layer"/>: <c>blk.N.attn_q.weight</c>…</summary>
    public static string GgufName(int layer, LoraModule module) => module switch
    {
        LoraModule.Query => $"blk.{layer}.attn_q.weight",
        LoraModule.Key => $"blk.{layer}.attn_k.weight",
        LoraModule.Value => $"blk.{layer}.attn_v.weight",
        LoraModule.Output => $"blk.{layer}.attn_output.weight",
        LoraModule.Gate => $"blk.{layer}.ffn_gate.weight",
        LoraModule.Up => $"blk.{layer}.ffn_up.weight",
        _ => $"blk.{layer}.ffn_down.weight",
    };

    /// <summary>The PEFT tensor name of the module's A (<c>lora_A</c>) or B (<c>lora_B</c>) matrix in layer <paramref name="layer"/>.</summary>
    public static string PeftTensorName(int layer, LoraModule module, bool isB) =>
        $"base_model.model.model.layers.{layer}.{Section(module)}.{PeftName(module)}.lora_{(isB ? 'B' : 'A')}.weight";

    /// <summary>The module whose PEFT name is <paramref name="name"/>, if any.</summary>
    public static bool TryParse(string name, out LoraModule module)
    {
        for (module = LoraModule.Query; module <= LoraModule.Down; module++)
        {
            if (name == PeftName(module))
                return true;
        }
        return false;
    }

    /// <summary>Input and output widths of the module's base weight in a model of <paramref name="config"/>.</summary>
    public static (int Input, int Output) Shape(ModelConfig config, LoraModule module)
    {
        ArgumentNullException.ThrowIfNull(config);
        return module switch
        {
            LoraModule.Query => (config.EmbeddingLength, config.QueryLength),
            LoraModule.Key or LoraModule.Value => (config.EmbeddingLength, config.KeyValueLength),
            LoraModule.Output => (config.QueryLength, config.EmbeddingLength),
            LoraModule.Gate or LoraModule.Up => (config.EmbeddingLength, config.FeedForwardLength),
            _ => (config.FeedForwardLength, config.EmbeddingLength),
        };
    }
}
