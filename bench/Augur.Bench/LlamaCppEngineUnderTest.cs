using Augur.Reference.LlamaCpp;

namespace Augur.Bench;

/// <summary>
/// llama.cpp through the test-only <see cref="LlamaCppReference"/> (LLamaSharp 0.30.0's bundled build), with its own
/// defaults otherwise: F16 KV cache, flash attention as llama.cpp chooses. Prefill is <c>ClearCache</c> plus one
/// <c>llama_decode</c> per batch; decode is one <c>llama_decode</c> per token with the argmax read back.
/// </summary>
public sealed class LlamaCppEngineUnderTest : IEngineUnderTest
{
    private readonly LlamaCppReference _reference;
    private readonly LlamaCppOptions _options;

    private LlamaCppEngineUnderTest(LlamaCppReference reference, LlamaCppOptions options)
    {
        _reference = reference;
        _options = options;
    }

    public string Name => "llama.cpp";

    public string Description =>
        $"llama.cpp 815a2a5 via LLamaSharp 0.30.0 ({NativeBuild}), {_options.Threads} threads, batch {_options.BatchSize}, F16 KV cache of {_reference.ContextSize} positions";

    /// <summary>The native build in use, e.g. <c>llama.cpp CPU (Avx512)</c>, without llama.cpp's feature list.</summary>
    public static string NativeBuild => LlamaCppReference.NativeLibrary.Split(';')[0];

    /// <summary>Tokens in the model's vocabulary, as llama.cpp reads it.</summary>
    public int VocabSize => _reference.VocabSize;

    /// <summary>Loads the GGUF file <paramref name="modelPath"/> with the given threads, cache and batch sizes.</summary>
    public static LlamaCppEngineUnderTest Load(string modelPath, int threads, int contextTokens, int batchTokens)
    {
        var options = new LlamaCppOptions { Threads = threads, ContextSize = contextTokens, BatchSize = batchTokens };
        return new LlamaCppEngineUnderTest(LlamaCppReference.Load(modelPath, options), options);
    }

    public TimeSpan Prefill(ReadOnlySpan<int> prompt) => _reference.Prefill(prompt);

    public TimeSpan Decode(int firstToken, int count) => _reference.Decode(firstToken, count);

    public void Dispose() => _reference.Dispose();
}
