using Augur.Models;
using Augur.Models.Lora;

namespace Augur.Engine.Lora;

/// <summary>
/// A LoRA adapter ready for the forward pass: per layer and projection, <c>scale·A</c> <c>(rank, input)</c> and
/// <c>Bᵀ</c> <c>(rank, output)</c> cut into chunks of <see cref="ColumnChunk"/> output columns, so that the pass adds
/// <c>y += Σⱼ (scale·Aⱼ·x)·Bᵀⱼ</c> reading each matrix as contiguous runs; no merged weights. Immutable; shared by
/// every sequence that uses it.
/// </summary>
public sealed class LoraAdapter
{
    /// <summary>Output columns per chunk of Bᵀ.</summary>
    internal const int ColumnChunk = 128;

    private readonly float[]?[] _a;  // (layers × modules) → (rank, input), scale folded in
    private readonly float[]?[] _bt; // (layers × modules) → (chunks, rank, ≤ ColumnChunk)
    private readonly int[] _inputs = new int[LoraModules.Count];
    private readonly int[] _outputs = new int[LoraModules.Count];

    /// <summary>The runtime form of <paramref name="weights"/>, named <paramref name="name"/> (for logs and errors).</summary>
    public LoraAdapter(string name, LoraAdapterWeights weights)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(weights);
        Name = name;
        Rank = weights.Rank;
        Scale = weights.Scale;
        Layers = weights.Layers;
        Fingerprint = weights.Fingerprint;
        _a = new float[]?[Layers * LoraModules.Count];
        _bt = new float[]?[Layers * LoraModules.Count];
        for (int layer = 0; layer < Layers; layer++)
        {
            for (var module = LoraModule.Query; module <= LoraModule.Down; module++)
            {
                if (weights.Get(layer, module) is not { } pair)
                    continue;
                int index = layer * LoraModules.Count + (int)module;
                var a = new float[pair.A.Length];
                for (int i = 0; i < a.Length; i++)
                    a[i] = pair.A[i] * Scale;
                var bt = new float[pair.B.Length];
                for (int o = 0; o < pair.Output; o++)
                {
                    int chunk = o / ColumnChunk, columns = Math.Min(ColumnChunk, pair.Output - chunk * ColumnChunk);
                    for (int j = 0; j < Rank; j++)
                        bt[chunk * ColumnChunk * Rank + j * columns + o - chunk * ColumnChunk] = pair.B[o * Rank + j];
                }
                (_a[index], _bt[index]) = (a, bt);
                (_inputs[(int)module], _outputs[(int)module]) = (pair.Input, pair.Output);
                ByteSize += 4L * (a.Length + bt.Length);
            }
        }
    }

    public string Name { get; }

    public int Rank { get; }

    public float Scale { get; }

    public int Layers { get; }

    /// <summary>Identifies the computation (see <see cref="LoraAdapterWeights.Fingerprint"/>): the prefix cache's key.</summary>
    public string Fingerprint { get; }

    /// <summary>Bytes of the matrices held.</summary>
    public long ByteSize { get; }

    /// <summary>Null when this adapter fits <paramref name="config"/>; otherwise why not.</summary>
    public string? FindMismatch(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.BlockCount != Layers)
            return $"the adapter '{Name}' has {Layers} layers, the model {config.BlockCount}";
        for (var module = LoraModule.Query; module <= LoraModule.Down; module++)
        {
            if (_inputs[(int)module] == 0)
                continue;
            (int input, int output) = LoraModules.Shape(config, module);
            if (input != _inputs[(int)module] || output != _outputs[(int)module])
                return $"the adapter '{Name}' adapts {LoraModules.PeftName(module)} as {_inputs[(int)module]} → {_outputs[(int)module]}, the model's is {input} → {output}";
        }
        return null;
    }

    /// <summary>scale·A (rank, input) of the projection, or null when the adapter leaves it alone.</summary>
    internal float[]? A(int layer, LoraModule module) => _a[layer * LoraModules.Count + (int)module];

    /// <summary>
    /// Bᵀ (rank, output) of the projection in column chunks, or null: chunk c (columns [128c, 128c + w), w = min(128,
    /// output − 128c)) starts at 128c·rank and holds (rank, w) row-major.
    /// </summary>
    internal float[]? BTransposed(int layer, LoraModule module) => _bt[layer * LoraModules.Count + (int)module];
}
