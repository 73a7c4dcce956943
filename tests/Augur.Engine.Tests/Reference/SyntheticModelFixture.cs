using Augur.Tests.Common;

namespace Augur.Engine.Reference.Tests;

/// <summary>
/// Writes each <see cref="DifferentialCase"/>'s GGUF file once, on first use, into a temp folder shared by a test class;
/// the folder is deleted with the fixture.
/// </summary>
public sealed class SyntheticModelFixture : IDisposable
{
    // One seed for the whole suite: every file is reproducible.
    private const int Seed = 20240611;

    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, string> _paths = [];
    private readonly Lock _gate = new();

    /// <summary>The file of <paramref name="testCase"/>, written on the first request.</summary>
    public string PathOf(DifferentialCase testCase)
    {
        lock (_gate)
        {
            if (!_paths.TryGetValue(testCase.Name, out string? path))
            {
                path = _directory.File(testCase.Name + ".gguf");
                SyntheticModels.Write(path, testCase.Shape, testCase.Type, Seed);
                _paths.Add(testCase.Name, path);
            }
            return path;
        }
    }

    public void Dispose() => _directory.Dispose();
}
