using System.Text.Json;

namespace Augur.Models.Lora;

/// <summary>
/// The parts of a PEFT <c>adapter_config.json</c> that Augur uses: the rank <c>r</c>, <c>lora_alpha</c>,
/// <c>use_rslora</c>, <c>target_modules</c> and <c>model_type</c>. Options that change what the adapter computes and
/// that Augur does not implement (DoRA, per-module ranks, biases, extra saved modules, Conv1D layout) are refused
/// rather than ignored.
/// </summary>
public sealed record LoraAdapterConfig
{
    public const string FileName = "adapter_config.json";

    /// <summary>The rank <c>r</c>: columns of <c>lora_A</c>ᵀ, rows of <c>lora_B</c>ᵀ.</summary>
    public required int Rank { get; init; }

    /// <summary><c>lora_alpha</c>.</summary>
    public required double Alpha { get; init; }

    /// <summary><c>use_rslora</c>: the scale is alpha / √r instead of alpha / r.</summary>
    public bool UseRsLora { get; init; }

    /// <summary>The projections the adapter may hold matrices for.</summary>
    public required IReadOnlySet<LoraModule> TargetModules { get; init; }

    /// <summary><c>model_type</c>, when given (<c>llama</c>, <c>mistral</c>, <c>qwen2</c>…).</summary>
    public string? ModelType { get; init; }

    /// <summary>The factor on <c>B·A</c>: alpha / r, or alpha / √r with rsLoRA.</summary>
    public float Scale => (float)(UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank);

    /// <summary>Parses <paramref name="json"/>; <paramref name="path"/> names the file in errors.</summary>
    /// <exception cref="ModelLoadException">The JSON is malformed, a field is missing or out of range, or an option is unsupported.</exception>
    public static LoraAdapterConfig Parse(string path, ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fault(path, "the configuration is not a JSON object");
            if (Get(root, "peft_type") is { } peftType && !(peftType.ValueKind == JsonValueKind.String && peftType.GetString() == "LORA"))
                throw Fault(path, $"peft_type is {peftType.GetRawText()}; only LORA adapters are supported");
            if (Get(root, "r") is not { ValueKind: JsonValueKind.Number } r || !r.TryGetInt32(out int rank) || rank < 1)
                throw Fault(path, "r (the rank) must be a positive integer");
            if (Get(root, "lora_alpha") is not { ValueKind: JsonValueKind.Number } a || !a.TryGetDouble(out double alpha) || !double.IsFinite(alpha) || alpha <= 0)
                throw Fault(path, "lora_alpha must be a positive number");
            bool rsLora = ReadFlag(path, root, "use_rslora");
            Refuse(path, root);
            string? modelType = Get(root, "model_type") switch
            {
                null => null,
                { ValueKind: JsonValueKind.String } t => t.GetString(),
                _ => throw Fault(path, "model_type must be a string"),
            };
            return new LoraAdapterConfig
            {
                Rank = rank,
                Alpha = alpha,
                UseRsLora = rsLora,
                TargetModules = ReadTargets(path, Get(root, "target_modules")),
                ModelType = modelType,
            };
        }
    }

    /// <summary>Options that would make Augur compute something other than the adapter: refused.</summary>
    private static void Refuse(string path, JsonElement root)
    {
        if (ReadFlag(path, root, "use_dora"))
            throw Fault(path, "use_dora is set; DoRA adapters are not supported");
        if (ReadFlag(path, root, "fan_in_fan_out"))
            throw Fault(path, "fan_in_fan_out is set; only Linear (not Conv1D) layouts are supported");
        if (Get(root, "bias") is { } bias && !(bias.ValueKind == JsonValueKind.String && bias.GetString() == "none"))
            throw Fault(path, "bias must be \"none\"; adapters with bias terms are not supported");
        foreach (string name in (string[])["rank_pattern", "alpha_pattern"])
        {
            if (Get(root, name) is { ValueKind: JsonValueKind.Object } pattern && pattern.EnumerateObject().Any())
                throw Fault(path, $"{name} is set; per-module ranks and alphas are not supported");
        }
        if (Get(root, "modules_to_save") is { ValueKind: JsonValueKind.Array } saved && saved.GetArrayLength() > 0)
            throw Fault(path, "modules_to_save is set; adapters that replace whole modules are not supported");
    }

    private static HashSet<LoraModule> ReadTargets(string path, JsonElement? value)
    {
        const string Supported = "q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj";
        var modules = new HashSet<LoraModule>();
        switch (value)
        {
            case { ValueKind: JsonValueKind.String } all when all.GetString() == "all-linear":
                for (LoraModule m = LoraModule.Query; m <= LoraModule.Down; m++)
                    modules.Add(m);
                return modules;
            case { ValueKind: JsonValueKind.Array } array:
                foreach (JsonElement item in array.EnumerateArray())
                {
                    string? name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (name is null || !LoraModules.TryParse(name, out LoraModule module))
                        throw Fault(path, $"target_modules holds {Safetensors.SafetensorsHeader.Shorten(item.GetRawText())}; supported: {Supported}");
                    modules.Add(module);
                }
                if (modules.Count == 0)
                    throw Fault(path, "target_modules is empty");
                return modules;
            default:
                throw Fault(path, $"target_modules must be a list of module names ({Supported}) or \"all-linear\"");
        }
    }

    private static bool ReadFlag(string path, JsonElement root, string name) => Get(root, name) switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.True } => true,
        _ => throw Fault(path, $"{name} must be true or false"),
    };

    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static ModelLoadException Fault(string path, string fault) => new(path, fault + ".");
}
