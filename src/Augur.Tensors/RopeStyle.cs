namespace Augur.Tensors;

/// <summary>Which elements of a head vector rotary position embedding rotates together.</summary>
public enum RopeStyle
{
    /// <summary>Adjacent pairs <c>(2i, 2i+1)</c>: llama, llama2.c, ggml rope mode 0.</summary>
    Normal = 0,

    /// <summary>Pairs <c>(i, i + ropeDims/2)</c>: GPT-NeoX, qwen2, ggml rope mode 2.</summary>
    NeoX = 2,
}
