using Augur.Tensors;

namespace Augur.Models.Quantization;

/// <summary>
/// The names of the types <see cref="GgufQuantizer"/> can produce (<c>f32</c>, <c>q8_0</c>, <c>q4_k</c> …), as the
/// CLI takes them, and the <c>general.file_type</c> (llama.cpp <c>llama_ftype</c>) each one gives a file.
/// </summary>
public static class TensorTypeNames
{
    private static readonly (string Name, TensorType Type, uint FileType)[] Targets =
    [
        ("f32", TensorType.F32, 0),    // LLAMA_FTYPE_ALL_F32
        ("f16", TensorType.F16, 1),    // MOSTLY_F16
        ("bf16", TensorType.BF16, 32), // MOSTLY_BF16
        ("q8_0", TensorType.Q8_0, 7),
        ("q4_0", TensorType.Q4_0, 2),
        ("q4_1", TensorType.Q4_1, 3),
        ("q5_0", TensorType.Q5_0, 8),
        ("q5_1", TensorType.Q5_1, 9),
        ("q4_k", TensorType.Q4_K, 15), // MOSTLY_Q4_K_M: the nearest llama.cpp name for "mostly Q4_K"
        ("q5_k", TensorType.Q5_K, 17), // MOSTLY_Q5_K_M
        ("q6_k", TensorType.Q6_K, 18), // MOSTLY_Q6_K
    ];

    /// <summary>Every valid target name, lower case.</summary>
    public static IReadOnlyList<string> ValidNames { get; } = Array.ConvertAll(Targets, t => t.Name);

    /// <summary>The type named <paramref name="name"/> (case-insensitive, e.g. <c>Q4_K</c> or <c>q4_k</c>).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="ValidNames"/>; the message lists them.</exception>
    public static TensorType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach ((string n, TensorType type, _) in Targets)
        {
            if (string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return type;
        }
        throw new ArgumentException($"Unknown quantization type '{name}'; valid types: {string.Join(", ", ValidNames)}.", nameof(name));
    }

    /// <summary>Whether <paramref name="type"/> is a valid quantization target.</summary>
    public static bool IsTarget(TensorType type) => Array.Exists(Targets, t => t.Type == type);

    /// <summary>The lower-case name of a target type.</summary>
    public static string NameOf(TensorType type) => Find(type).Name;

    /// <summary>llama.cpp's <c>llama_ftype</c> for a file quantized to <paramref name="type"/>
    /// (F32 0, F16 1, Q4_0 2, Q4_1 3, Q8_0 7, Q5_0 8, Q5_1 9, Q4_K 15, Q5_K 17, Q6_K 18, BF16 32).</summary>
    public static uint FileType(TensorType type) => Find(type).FileType;

    private static (string Name, TensorType Type, uint FileType) Find(TensorType type)
    {
        foreach (var target in Targets)
        {
            if (target.Type == type)
                return target;
        }
        throw new ArgumentException($"{type} is not a quantization target; valid types: {string.Join(", ", ValidNames)}.", nameof(type));
    }
}
