using System.Globalization;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Bench;

/// <summary>
/// Random-weight benchmark models written once and reused: the file for a shape, weight type and seed lives under
/// <see cref="DefaultDirectory"/> with a name that says all three and <see cref="WriterVersion"/>. A file is written
/// under a temporary name and renamed into place when complete, so a file with the final name is always whole, and a
/// run cut short leaves nothing that a later run would take for a model.
/// </summary>
public static class SyntheticModelCache
{
    /// <summary>
    /// Part of every file name: raise it whenever <see cref="SyntheticModels.Write"/> changes what it writes for the same
    /// arguments, so that files from the old writer are no longer found.
    /// </summary>
    public const int WriterVersion = 1;

    /// <summary>The seed of the weights when none is given.</summary>
    public const int DefaultSeed = 1;

    /// <summary><c>augur-bench-models</c> in the system's temporary folder.</summary>
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "augur-bench-models");

    /// <summary>The cache path of a model, e.g. <c>…/synthetic-v1-tiny-24m-q8_0-seed1.gguf</c>; nothing is written.</summary>
    public static string PathFor(string directory, string shapeName, TensorType type, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(shapeName);
        string typeName = type.ToString().ToLowerInvariant();
        return Path.Combine(directory, string.Create(CultureInfo.InvariantCulture,
            $"synthetic-v{WriterVersion}-{shapeName}-{typeName}-seed{seed}.gguf"));
    }

    /// <summary>
    /// The path of the model of shape <paramref name="shapeName"/> (see <see cref="BenchmarkShapes"/>) in
    /// <paramref name="type"/>, writing it first when the cache does not hold it yet.
    /// </summary>
    /// <param name="shapeName">A name in <see cref="BenchmarkShapes.All"/>.</param>
    /// <param name="type">The storage type of the 2-D weights.</param>
    /// <param name="directory">The cache folder, created if missing; null for <see cref="DefaultDirectory"/>.</param>
    /// <param name="seed">The seed of the weights.</param>
    /// <param name="progress">Told when a file has to be written (which takes a minute or two for a 1B model); may be null.</param>
    /// <exception cref="ArgumentException">Unknown shape, or a type that is not a weight type.</exception>
    public static string GetOrWrite(string shapeName, TensorType type, string? directory = null, int seed = DefaultSeed, Action<string>? progress = null)
    {
        SyntheticModelShape shape = BenchmarkShapes.Get(shapeName);
        directory ??= DefaultDirectory;
        string path = PathFor(directory, shapeName, type, seed);
        if (File.Exists(path))
            return path;

        Directory.CreateDirectory(directory);
        progress?.Invoke($"writing synthetic model {shapeName} {type} (seed {seed}) to {path}; later runs reuse it");
        string temporary = string.Create(CultureInfo.InvariantCulture, $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            SyntheticModels.Write(temporary, shape, type, seed);
            // Another process may have finished the same file meanwhile: both are identical, so either may win.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return path;
    }
}
