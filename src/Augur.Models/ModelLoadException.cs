namespace Augur.Models;

/// <summary>
/// A model, tokenizer or adapter file could not be loaded: it is truncated, corrupt, hostile or unsupported.
/// Thrown at load time only, with the file and the fault named.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string path, string fault, Exception? innerException = null)
        : base($"{System.IO.Path.GetFileName(path)}: {fault}", innerException)
    {
        Path = path;
        Fault = fault;
    }

    /// <summary>The file that failed to load.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, in words.</summary>
    public string Fault { get; }
}
