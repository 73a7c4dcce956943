namespace Augur.Models.Safetensors;

/// <summary>The element types Augur reads from safetensors files: the float types adapters are saved in.</summary>
public enum SafetensorsDType
{
    /// <summary>IEEE binary32, 4 bytes.</summary>
    F32,

    /// <summary>IEEE binary16, 2 bytes.</summary>
    F16,

    /// <summary>bfloat16 (the top half of a binary32), 2 bytes.</summary>
    BF16,
}

internal static class SafetensorsDTypes
{
    public static int Size(SafetensorsDType type) => type == SafetensorsDType.F32 ? 4 : 2;

    public static string Name(SafetensorsDType type) => type switch
    {
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.F16 => "F16",
        _ => "BF16",
    };

    public static bool TryParse(string name, out SafetensorsDType type)
    {
        switch (name)
        {
            case "F32": type = SafetensorsDType.F32; return true;
            case "F16": type = SafetensorsDType.F16; return true;
            case "BF16": type = SafetensorsDType.BF16; return true;
            default: type = default; return false;
        }
    }
}
