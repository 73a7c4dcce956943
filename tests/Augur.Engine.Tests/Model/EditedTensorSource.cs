using Augur.Models;
using Augur.Tensors;

namespace Augur.Engine.Model.Tests;

/// <summary>A real model file with some tensors hidden or extra vectors added, to load models the shared files don't provide.</summary>
internal sealed class EditedTensorSource(ITensorSource inner) : ITensorSource
{
    private readonly HashSet<string> _hidden = [];
    private readonly Dictionary<string, float[]> _extraVectors = [];

    public string Path => inner.Path;

    public EditedTensorSource Hide(string name)
    {
        _hidden.Add(name);
        return this;
    }

    public EditedTensorSource Add(string name, float[] vector)
    {
        _extraVectors[name] = vector;
        return this;
    }

    public bool Contains(string name) => _extraVectors.ContainsKey(name) || (!_hidden.Contains(name) && inner.Contains(name));

    public WeightMatrix GetMatrix(string name) =>
        _hidden.Contains(name) ? throw new ModelLoadException(Path, $"tensor '{name}' is missing.") : inner.GetMatrix(name);

    public float[] GetVector(string name) =>
        _extraVectors.TryGetValue(name, out float[]? vector) ? (float[])vector.Clone()
        : _hidden.Contains(name) ? throw new ModelLoadException(Path, $"tensor '{name}' is missing.")
        : inner.GetVector(name);
}
