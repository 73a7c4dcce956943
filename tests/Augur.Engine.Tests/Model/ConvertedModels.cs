using Augur.Models.Llama2c;
using Augur.Tests.Common;

namespace Augur.Engine.Model.Tests;

/// <summary>stories260K and llama2xs converted to GGUF once per test class, in a temporary folder.</summary>
public sealed class ConvertedModels : IDisposable
{
    private readonly TempDirectory _directory = new();

    public ConvertedModels()
    {
        Stories260K = _directory.File("stories260K.gguf");
        Llama2cConverter.Convert(TestModels.Stories260KBin, TestModels.Tok512Bin, Stories260K);
        Llama2xs = _directory.File("llama2xs.gguf");
        Llama2cConverter.Convert(TestModels.Llama2xsBin, TestModels.Tok512Bin, Llama2xs);
    }

    public string Stories260K { get; }

    public string Llama2xs { get; }

    /// <summary>A path for a file of the tests' own in the same folder.</summary>
    public string File(string name) => _directory.File(name);

    public void Dispose() => _directory.Dispose();
}
