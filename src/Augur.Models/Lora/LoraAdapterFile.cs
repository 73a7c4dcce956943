using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Augur.Models.Safetensors;
using Augur.Tensors;

namespace Augur.Models.Lora;

/// <summary>
/// Reads a PEFT adapter (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>) and checks it against the base
/// model it will run on: the rank within the limits, every tensor a <c>lora_A</c>/<c>lora_B</c> of a targeted
/// projection of an existing layer, with the shapes that layer needs, A and B always in pairs, every value finite, and
/// <c>model_type</c> (when given) of the base model's family. Any fault is a <see cref="ModelLoadException"/> naming it.
/// </summary>
/// <remarks>
/// Llama checkpoints converted to GGUF have the rows of <c>attn_q</c> and <c>attn_k</c> permuted per head, from Hugging
/// Face's "halves" RoPE order to the interleaved one (llama.cpp's <c>convert_hf_to_gguf.py</c>); a PEFT adapter is
/// trained on the Hugging Face layout, so the rows of its q and k <c>lora_B</c> get the same permutation here.
/// </remarks>
public static class LoraAdapterFile
{
    public const string WeightsFileName = "adapter_model.safetensors";

    private const string Prefix = "base_model.model.model.layers.";

    /// <summary>Reads and checks only <c>adapter_config.json</c>.</summary>
    public static LoraAdapterConfig ReadConfig(string configPath, LoraLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        byte[] json = BoundedFile.ReadAll(configPath, limits.MaxConfigBytes);
        LoraAdapterConfig config = LoraAdapterConfig.Parse(configPath, json);
        if (config.Rank > limits.MaxRank)
            throw new ModelLoadException(configPath, $"the rank r = {config.Rank} is above the limit of {limits.MaxRank}.");
        return config;
    }

    /// <summary>Reads both files and checks them against <paramref name="baseModel"/>.</summary>
    public static LoraAdapterWeights Load(string configPath, string weightsPath, ModelConfig baseModel, LoraLimits limits)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        LoraAdapterConfig config = ReadConfig(configPath, limits);
        if (config.ModelType is { } type && !FamilyMatches(type, baseModel.Architecture))
            throw new ModelLoadException(configPath, $"model_type is '{SafetensorsHeader.Shorten(type)}', but the base model is a {baseModel.Architecture} model.");
        long length = FileLength(weightsPath);
        if (length > limits.MaxWeightsBytes)
            throw new ModelLoadException(weightsPath, $"the file is {length} bytes, more than the {limits.MaxWeightsBytes} allowed.");

        using SafetensorsFile file = SafetensorsFile.Open(weightsPath);
        var found = new (SafetensorsTensorInfo? A, SafetensorsTensorInfo? B)[baseModel.BlockCount * LoraModules.Count];
        foreach (SafetensorsTensorInfo tensor in file.Tensors)
        {
            string name = SafetensorsHeader.Shorten(tensor.Name);
            if (!TryParseTensorName(tensor.Name, out int layer, out LoraModule module, out bool isB))
                throw Fault(weightsPath, $"tensor '{name}' is not a PEFT LoRA matrix (expected {LoraModules.PeftTensorName(0, LoraModule.Query, false)} and the like)");
            if (layer >= baseModel.BlockCount)
                throw Fault(weightsPath, $"tensor '{name}' is for layer {layer}, but the base model has {baseModel.BlockCount} layers");
            if (!config.TargetModules.Contains(module))
                throw Fault(weightsPath, $"tensor '{name}' adapts {LoraModules.PeftName(module)}, which target_modules does not list");
            (int input, int output) = LoraModules.Shape(baseModel, module);
            long rows = isB ? output : config.Rank, columns = isB ? config.Rank : input;
            if (tensor.Shape.Length != 2 || tensor.Shape[0] != rows || tensor.Shape[1] != columns)
                throw Fault(weightsPath, $"tensor '{name}' has shape [{string.Join(", ", tensor.Shape.ToArray())}]; rank {config.Rank} on this base model needs [{rows}, {columns}]");
            ref var slot = ref found[layer * LoraModules.Count + (int)module];
            if (isB)
                slot.B = tensor;
            else
                slot.A = tensor;
        }

        var pairs = new LoraMatrixPair?[found.Length];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(config.Scale));
        for (int i = 0; i < found.Length; i++)
        {
            var (a, b) = found[i];
            if (a is null && b is null)
                continue;
            if (a is null || b is null)
                throw Fault(weightsPath, $"tensor '{SafetensorsHeader.Shorten((a ?? b)!.Name)}' has no {(a is null ? "lora_A" : "lora_B")} to pair with");
            var module = (LoraModule)(i % LoraModules.Count);
            (int input, int output) = LoraModules.Shape(baseModel, module);
            float[] aData = ReadFinite(file, a), bData = ReadFinite(file, b);
            if (baseModel.RopeStyle == RopeStyle.Normal && module is LoraModule.Query or LoraModule.Key)
                bData = PermuteHeads(bData, baseModel.HeadDim, config.Rank);
            pairs[i] = new LoraMatrixPair(config.Rank, input, output, aData, bData);
            hash.AppendData(BitConverter.GetBytes(i));
            hash.AppendData(MemoryMarshal.AsBytes(aData.AsSpan()));
            hash.AppendData(MemoryMarshal.AsBytes(bData.AsSpan()));
        }
        if (Array.TrueForAll(pairs, p => p is null))
            throw Fault(weightsPath, "the file holds no LoRA matrices");
        return new LoraAdapterWeights(config, baseModel.BlockCount, pairs, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Parses <c>base_model.model.model.layers.N.{self_attn|mlp}.X_proj.lora_{A|B}.weight</c>.</summary>
    public static bool TryParseTensorName(string name, out int layer, out LoraModule module, out bool isB)
    {
        ArgumentNullException.ThrowIfNull(name);
        (layer, module, isB) = (0, default, false);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        string[] parts = name[Prefix.Length..].Split('.');
        if (parts.Length != 5 || parts[4] != "weight" || parts[3] is not ("lora_A" or "lora_B"))
            return false;
        string digits = parts[0];
        if (digits.Length is 0 or > 6 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0'))
            return false;
        if (!LoraModules.TryParse(parts[2], out module) || parts[1] != LoraModules.Section(module))
            return false;
        layer = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        isB = parts[3] == "lora_B";
        return true;
    }

    /// <summary>
    /// Rows of <paramref name="b"/> (output, rank) from Hugging Face's per-head order (first halves of the rotated pairs,
    /// then second halves) to GGUF's interleaved one: GGUF row <c>h·d + 2j + i</c> is HF row <c>h·d + i·d/2 + j</c>.
    /// </summary>
    private static float[] PermuteHeads(float[] b, int headDim, int rank)
    {
        var result = new float[b.Length];
        int rows = b.Length / rank, half = headDim / 2;
        for (int row = 0; row < rows; row++)
        {
            (int head, int within) = Math.DivRem(row, headDim);
            (int j, int i) = Math.DivRem(within, 2);
            int source = head * headDim + i * half + j;
            b.AsSpan(source * rank, rank).CopyTo(result.AsSpan(row * rank, rank));
        }
        return result;
    }

    private static float[] ReadFinite(SafetensorsFile file, SafetensorsTensorInfo tensor)
    {
        float[] data = file.ReadFloat32(tensor);
        foreach (float value in data)
        {
            if (!float.IsFinite(value))
                throw Fault(file.Path, $"tensor '{SafetensorsHeader.Shorten(tensor.Name)}' holds {value}");
        }
        return data;
    }

    /// <summary>Llama GGUF files also hold Mistral (and Llama 3) models, which PEFT calls by their own model_type.</summary>
    private static bool FamilyMatches(string modelType, string architecture) =>
        string.Equals(modelType, architecture, StringComparison.OrdinalIgnoreCase)
        || (architecture == "llama" && modelType.ToLowerInvariant() is "mistral" or "llama");

    private static long FileLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    private static ModelLoadException Fault(string path, string fault) => new(path, fault + ".");
}
