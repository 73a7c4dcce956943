namespace Augur.Models.Lora;

/// <summary>
/// A PEFT LoRA adapter read and checked against a base model (see <see cref="LoraAdapterFile.Load"/>): per layer and
/// <see cref="LoraModule"/>, the matrix pair when the adapter adapts that projection, plus the scale to apply.
/// Immutable.
/// </summary>
public sealed class LoraAdapterWeights
{
    private readonly LoraMatrixPair?[] _pairs; // (layers × LoraModules.Count)

    internal LoraAdapterWeights(LoraAdapterConfig config, int layers, LoraMatrixPair?[] pairs, string fingerprint)
    {
        Config = config;
        Layers = layers;
        _pairs = pairs;
        Fingerprint = fingerprint;
        foreach (LoraMatrixPair? pair in pairs)
        {
            if (pair is not null)
                ByteSize += 4L * (pair.A.Length + pair.B.Length);
        }
    }

    public LoraAdapterConfig Config { get; }

    public int Rank => Config.Rank;

    /// <summary>Factor on <c>B·A</c> (see <see cref="LoraAdapterConfig.Scale"/>).</summary>
    public float Scale => Config.Scale;

    /// <summary>Layers of the base model.</summary>
    public int Layers { get; }

    /// <summary>Bytes of the F32 matrices.</summary>
    public long ByteSize { get; }

    /// <summary>SHA-256 (hex) of the scale and every matrix: equal fingerprints mean the same computation.</summary>
    public string Fingerprint { get; }

    /// <summary>The pair adapting <paramref name="module"/> of <paramref name="layer"/>, or null.</summary>
    public LoraMatrixPair? Get(int layer, LoraModule module)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Layers);
        return _pairs[layer * LoraModules.Count + (int)module];
    }
}
