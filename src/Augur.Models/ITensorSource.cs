using Augur.Tensors;

namespace Augur.Models;

/// <summary>
/// A model file seen as named tensors, with GGUF names (<c>token_embd.weight</c>, <c>blk.0.attn_q.weight</c>…).
/// Every model format implements it, so the engine builds its weights the same way from any of them.
/// The source owns the memory behind the matrices it hands out and must outlive them.
/// </summary>
public interface ITensorSource
{
    /// <summary>The file the tensors come from, for error messages.</summary>
    string Path { get; }

    /// <summary>Whether a tensor of this name exists.</summary>
    bool Contains(string name);

    /// <summary>A 2-D weight in its stored type, viewed in place. Throws <see cref="ModelLoadException"/> if the tensor
    /// is missing or is not 2-D.</summary>
    WeightMatrix GetMatrix(string name);

    /// <summary>A 1-D tensor (norm weights, biases) as floats, dequantized if needed. Throws
    /// <see cref="ModelLoadException"/> if the tensor is missing or is not 1-D.</summary>
    float[] GetVector(string name);
}
