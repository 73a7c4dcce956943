using Augur.Reference.LlamaCpp;

namespace Augur.Bench;

/// <summary>
/// llama.cpp through the test-only <see cref="LlamaCppReference"/> (LLamaSharp 0.30.0's bundled build), with its own
/// defaults otherwise: F16 KV cache, flash attention as llama.cpp chooses. Prefill is <c>ClearCache</c> plus one
/// <c>llama_decode</c> per batch; decode is one <c>llama_decode</c> per token with the argmax read back. Batched
/// decoding, when asked for, runs on a second context of its own (<see cref="LlamaCppBatchedDecoder"/>).
/// </summary>
public sealed class LlamaCppEngineUnderTest : IEngineUnderTest
{
    private readonly LlamaCppReference _reference;
    private readonly LlamaCppOptions _options;
    private readonly LlamaCppBatchedDecoder? _batched;

    private LlamaCppEngineUnderTest(LlamaCppReference reference, LlamaCppOptions options, LlamaCppBatchedDecoder? batched)
    {
        _reference = reference;
        _options = options;
        _batched = batched;
    }

    public string Name => "llama.cpp";

    public string Description =>
        $"llama.cpp 815a2a5 via LLamaSharp 0.30.0 ({NativeBuild}), {_options.Threads} threads, batch {_options.BatchSize}, F16 KV cache of {_reference.ContextSize} positions"
        + (_batched is null ? "" : $"; batched: {_batched.Sequences} sequences of {_batched.PositionsPerSequence} positions");

    /// <summary>llama.cpp's default KV cache is F16.</summary>
    public int KvCacheElementBytes => 2;

    /// <summary>Whether <see cref="Load"/> was given batched sequences.</summary>
    public bool SupportsBatchedDecode => _batched is not null;

    /// <summary>The native build in use, e.g. <c>llama.cpp CPU (Avx512)</c>, without llama.cpp's feature list.</summary>
    public static string NativeBuild => LlamaCppReference.NativeLibrary.Split(';')[0];

    /// <summary>Tokens in the model's vocabulary, as llama.cpp reads it.</summary>
    public int VocabSize => _reference.VocabSize;

    /// <summary>
    /// Loads the GGUF file <paramref name="modelPath"/> with the given threads, cache and batch sizes; with
    /// <paramref name="batchSequences"/> above 0 also a context for that many sequences of
    /// <paramref name="batchPositions"/> positions each.
    /// </summary>
    public static LlamaCppEngineUnderTest Load(string modelPath, int threads, int contextTokens, int batchTokens, int batchSequences = 0, int batchPositions = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchSequences);
        var options = new LlamaCppOptions { Threads = threads, ContextSize = contextTokens, BatchSize = batchTokens };
        LlamaCppReference reference = LlamaCppReference.Load(modelPath, options);
        try
        {
            LlamaCppBatchedDecoder? batched = batchSequences > 0
                ? LlamaCppBatchedDecoder.Load(modelPath, threads, batchSequences, batchPositions, batchTokens)
                : null;
            return new LlamaCppEngineUnderTest(reference, options, batched);
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }

    public TimeSpan Prefill(ReadOnlySpan<int> prompt) => _reference.Prefill(prompt);

    public TimeSpan Decode(int firstToken, int count) => _reference.Decode(firstToken, count);

    /// <exception cref="NotSupportedException">Loaded without batched sequences.</exception>
    public TimeSpan DecodeBatch(IReadOnlyList<BenchmarkPrompt> prompts, int steps) =>
        _batched is null
            ? throw new NotSupportedException("Loaded without a batched context: give batchSequences to Load.")
            : _batched.DecodeBatch(prompts, steps);

    /// <summary>The batched decoder, when loaded (for tests).</summary>
    internal LlamaCppBatchedDecoder? Batched => _batched;

    public void Dispose()
    {
        _batched?.Dispose();
        _reference.Dispose();
    }
}
