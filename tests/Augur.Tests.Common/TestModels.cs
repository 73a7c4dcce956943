namespace Augur.Tests.Common;

/// <summary>
/// Paths to the real models and tokenizers in <c>../shared</c>, beside the repository. Tests read them
/// from there; they are never copied into the project. <c>AUGUR_SHARED</c> overrides the location.
/// </summary>
public static class TestModels
{
    private static readonly Lazy<string> Root = new(FindSharedRoot);

    /// <summary>The <c>shared</c> folder.</summary>
    public static string SharedRoot => Root.Value;

    public static string Stories260KBin => Shared("models/stories260K/stories260K.bin");
    public static string Tok512Bin => Shared("models/stories260K/tok512.bin");
    public static string Stories260KExpected(string name) => Shared($"models/stories260K/expected/{name}");
    public static string Llama2xsBin => Shared("models/llama2xs-tok512-279K/model.bin");
    public static string Llama2xsExpected(string name) => Shared($"models/llama2xs-tok512-279K/expected/{name}");
    public static string Llama2TinyRandomGguf => Shared("models/llama-2-tiny-random-gguf/llama-2-tiny-random.gguf");
    public static string Llama2TokenizerBin => Shared("tokenizers/llama2-spm/tokenizer.bin");
    public static string VocabTest(string name) => Shared($"tokenizers/llamacpp-vocab-tests/{name}");

    /// <summary>A path under the shared folder, which must exist.</summary>
    public static string Shared(string relativePath)
    {
        string path = Path.Combine(SharedRoot, relativePath);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Shared test file missing: {path}", path);
    }

    private static string FindSharedRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("AUGUR_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);

        // Walk up from the test binaries until a folder has a sibling "shared" with models in it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "models")))
                return candidate;
        }

        throw new DirectoryNotFoundException(
            $"No shared/ folder with models found above {AppContext.BaseDirectory}; set AUGUR_SHARED.");
    }
}
