using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model;

/// <summary>
/// What distinguishes one llama-family architecture from another, as data: the forward pass is the same for all of
/// them and reads its few choices from here. A new family adds an entry to <see cref="Known"/>, not a new forward pass.
/// </summary>
/// <param name="Name">GGUF <c>general.architecture</c> value.</param>
/// <param name="RopeStyle">How RoPE pairs dimensions (llama: adjacent; qwen2: halves).</param>
/// <param name="RequiresQkvBias">Whether <c>attn_q/k/v.bias</c> must be present. They are applied whenever present.</param>
public sealed record Architecture(string Name, RopeStyle RopeStyle, bool RequiresQkvBias)
{
    /// <summary>Llama 1/2/3, Mistral, TinyLlama, llama2.c checkpoints.</summary>
    public static Architecture Llama { get; } = new("llama", RopeStyle.Normal, RequiresQkvBias: false);

    /// <summary>Qwen2 and Qwen2.5: biases on Q, K and V, NeoX RoPE.</summary>
    public static Architecture Qwen2 { get; } = new("qwen2", RopeStyle.NeoX, RequiresQkvBias: true);

    /// <summary>The architectures the engine runs.</summary>
    public static IReadOnlyList<Architecture> Known { get; } = [Llama, Qwen2];

    /// <summary>
    /// The entry for <paramref name="config"/>'s architecture. Throws <see cref="ModelLoadException"/> if it is unknown,
    /// or if the file's declared RoPE style disagrees with the table.
    /// </summary>
    public static Architecture For(ModelConfig config, string path)
    {
        foreach (Architecture architecture in Known)
        {
            if (architecture.Name != config.Architecture)
                continue;
            if (architecture.RopeStyle != config.RopeStyle)
            {
                throw new ModelLoadException(path,
                    $"architecture '{config.Architecture}' uses {architecture.RopeStyle} RoPE, but the model declares {config.RopeStyle}.");
            }
            return architecture;
        }
        throw new ModelLoadException(path,
            $"unsupported architecture '{config.Architecture}' (supported: {string.Join(", ", Known.Select(a => a.Name))}).");
    }
}
