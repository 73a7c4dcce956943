using System.Diagnostics;
using System.Numerics.Tensors;
using Augur.Reference.LlamaCpp;
using LLama.Native;

namespace Augur.Bench;

/// <summary>
/// llama.cpp decoding several sequences together, through LLamaSharp's low-level API: a context of its own with
/// <c>n_seq_max</c> sequences, each prompt prefilled as its own sequence, then one <c>llama_decode</c> per step whose
/// batch holds one token of every sequence (logits for each, argmax read back). The KV cache has
/// <c>sequences × (prompt + steps)</c> positions (F16, llama.cpp's default), so every sequence fits.
/// </summary>
public sealed class LlamaCppBatchedDecoder : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;
    private readonly LLamaBatch _batch = new();
    private readonly int _batchSize;

    private LlamaCppBatchedDecoder(SafeLlamaModelHandle model, SafeLLamaContextHandle context, int sequences, int positionsPerSequence, int batchSize)
    {
        _model = model;
        _context = context;
        Sequences = sequences;
        PositionsPerSequence = positionsPerSequence;
        _batchSize = batchSize;
    }

    /// <summary>The tokens the last <see cref="DecodeBatch"/> generated, one array per sequence (for tests).</summary>
    internal int[][] LastGenerated { get; private set; } = [];

    /// <summary>Most sequences one batch may hold.</summary>
    public int Sequences { get; }

    /// <summary>Positions each sequence may fill: prompt plus decode steps.</summary>
    public int PositionsPerSequence { get; }

    /// <summary>
    /// Loads <paramref name="modelPath"/> (memory-mapped again: the pages are shared with any other context on the
    /// file) with a context for <paramref name="sequences"/> sequences of <paramref name="positionsPerSequence"/>
    /// positions each, prompts evaluated in batches of <paramref name="batchTokens"/> (at least one token per sequence).
    /// </summary>
    public static LlamaCppBatchedDecoder Load(string modelPath, int threads, int sequences, int positionsPerSequence, int batchTokens)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(positionsPerSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchTokens, 1);
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"GGUF file not found: {modelPath}", modelPath);

        LlamaCppNative.EnsureLoaded();
        LLamaModelParams modelParams = LLamaModelParams.Default();
        modelParams.n_gpu_layers = 0;
        SafeLlamaModelHandle model = SafeLlamaModelHandle.LoadFromFile(modelPath, modelParams);
        try
        {
            int batchSize = Math.Max(batchTokens, sequences);
            LLamaContextParams p = LLamaContextParams.Default();
            p.n_ctx = (uint)(sequences * positionsPerSequence);
            p.n_batch = (uint)batchSize;
            p.n_ubatch = (uint)batchSize;
            p.n_seq_max = (uint)sequences;
            p.n_threads = threads;
            p.n_threads_batch = threads;
            SafeLLamaContextHandle context = SafeLLamaContextHandle.Create(model, p);
            return new LlamaCppBatchedDecoder(model, context, sequences, positionsPerSequence, batchSize);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>See <see cref="IEngineUnderTest.DecodeBatch"/>.</summary>
    public TimeSpan DecodeBatch(IReadOnlyList<BenchmarkPrompt> prompts, int steps)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (prompts.Count is 0 || prompts.Count > Sequences)
            throw new ArgumentException($"Give 1 to {Sequences} prompts, not {prompts.Count}.", nameof(prompts));

        _context.MemoryClear(true);
        var next = new int[prompts.Count];
        for (int s = 0; s < prompts.Count; s++)
        {
            if (prompts[s].Length + steps > PositionsPerSequence)
                throw new ArgumentException($"Prompt {s} and {steps} steps need more than the {PositionsPerSequence} positions a sequence has.", nameof(prompts));
            Prefill(prompts[s].Tokens, (LLamaSeqId)s);
            next[s] = prompts[s].FirstDecodeToken;
        }
        _context.Synchronize();
        var generated = new int[prompts.Count][];
        for (int s = 0; s < generated.Length; s++)
            generated[s] = new int[steps];

        long start = Stopwatch.GetTimestamp();
        for (int step = 0; step < steps; step++)
        {
            _batch.Clear();
            for (int s = 0; s < next.Length; s++)
                _batch.Add((LLamaToken)next[s], prompts[s].Length + step, (LLamaSeqId)s, true);
            Decode();
            for (int s = 0; s < next.Length; s++)
                generated[s][step] = next[s] = TensorPrimitives.IndexOfMax(_context.GetLogitsIth(s));
        }
        _context.Synchronize();
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        LastGenerated = generated;
        return elapsed;
    }

    public void Dispose()
    {
        _context.Dispose();
        _model.Dispose();
    }

    private void Prefill(ReadOnlySpan<int> tokens, LLamaSeqId sequence)
    {
        for (int start = 0; start < tokens.Length; start += _batchSize)
        {
            int count = Math.Min(_batchSize, tokens.Length - start);
            _batch.Clear();
            for (int i = 0; i < count; i++)
                _batch.Add((LLamaToken)tokens[start + i], start + i, sequence, start + i == tokens.Length - 1);
            Decode();
        }
    }

    private void Decode()
    {
        DecodeResult result = _context.Decode(_batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama_decode failed: {result} ({(int)result}).");
    }
}
