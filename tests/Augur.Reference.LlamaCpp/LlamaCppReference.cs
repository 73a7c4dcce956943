using System.Text;
using LLama.Native;

namespace Augur.Reference.LlamaCpp;

/// <summary>
/// llama.cpp (the build bundled with LLamaSharp 0.30.0) as a test and benchmark reference: loads a
/// GGUF file and evaluates token ids through the low-level API (<c>llama_decode</c> on one sequence),
/// with no sampler chain, no penalties and no BOS handling of its own. Logits are llama.cpp's raw
/// output, one float per vocabulary entry. Not thread-safe: use one instance per thread.
/// </summary>
public sealed partial class LlamaCppReference : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;
    private readonly LLamaBatch _batch = new();
    private readonly int _batchSize;
    private int _position;

    private LlamaCppReference(SafeLlamaModelHandle model, SafeLLamaContextHandle context, int batchSize)
    {
        _model = model;
        _context = context;
        _batchSize = batchSize;
        VocabSize = model.Vocab.Count;
    }

    /// <summary>Number of logits per position (the vocabulary size).</summary>
    public int VocabSize { get; }

    /// <summary>KV cache capacity in tokens.</summary>
    public int ContextSize => (int)_context.ContextSize;

    /// <summary>Tokens currently in the KV cache (the position the next evaluated token gets).</summary>
    public int CachedTokens => _position;

    /// <summary>Which native llama.cpp build is in use (see <see cref="LlamaCppNative.Description"/>).</summary>
    public static string NativeLibrary => LlamaCppNative.Description;

    /// <summary>Loads a GGUF model on the CPU (memory-mapped) and creates its context.</summary>
    public static LlamaCppReference Load(string ggufPath, LlamaCppOptions options)
    {
        ArgumentNullException.ThrowIfNull(ggufPath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(ggufPath))
            throw new FileNotFoundException($"GGUF file not found: {ggufPath}", ggufPath);

        LlamaCppNative.EnsureLoaded();
        LLamaModelParams modelParams = LLamaModelParams.Default();
        modelParams.n_gpu_layers = 0;
        SafeLlamaModelHandle model = SafeLlamaModelHandle.LoadFromFile(ggufPath, modelParams);
        try
        {
            SafeLLamaContextHandle context = SafeLLamaContextHandle.Create(model, ContextParams(options));
            return new LlamaCppReference(model, context, options.BatchSize);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// llama.cpp's tokenizer for this model. <paramref name="addBos"/> is <c>llama_tokenize</c>'s
    /// <c>add_special</c> (BOS, plus EOS where the vocabulary asks for it); <paramref name="parseSpecial"/>
    /// lets text such as <c>&lt;s&gt;</c> become control tokens.
    /// </summary>
    public int[] Tokenize(string text, bool addBos, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        LLamaToken[] tokens = _model.Tokenize(text, addBos, parseSpecial, Encoding.UTF8);
        var ids = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
            ids[i] = (int)tokens[i];
        return ids;
    }

    /// <summary>
    /// Evaluates <paramref name="tokens"/> from an empty cache, with logits requested for the last
    /// position only, and returns them (<see cref="VocabSize"/> floats). The tokens stay in the cache.
    /// </summary>
    public float[] Logits(ReadOnlySpan<int> tokens)
    {
        ThrowIfEmpty(tokens);
        ClearCache();
        Evaluate(tokens, allLogits: false);
        return _context.GetLogitsIth(_batch.TokenCount - 1).ToArray();
    }

    /// <summary>
    /// Evaluates <paramref name="tokens"/> from an empty cache with logits requested for every token;
    /// row <c>i</c> holds the logits after <c>tokens[..(i + 1)]</c>.
    /// </summary>
    public float[][] AllLogits(ReadOnlySpan<int> tokens)
    {
        ThrowIfEmpty(tokens);
        ClearCache();
        var rows = new float[tokens.Length][];
        for (int start = 0; start < tokens.Length; start += _batchSize)
        {
            ReadOnlySpan<int> chunk = tokens.Slice(start, Math.Min(_batchSize, tokens.Length - start));
            DecodeChunk(chunk, allLogits: true);
            for (int i = 0; i < chunk.Length; i++)
                rows[start + i] = _context.GetLogitsIth(i).ToArray();
        }

        return rows;
    }

    /// <summary>
    /// Greedy continuation: evaluates <paramref name="prompt"/> from an empty cache (one batch when it
    /// fits in <see cref="LlamaCppOptions.BatchSize"/>), then
    /// picks the argmax of the raw logits (lowest id on ties) and evaluates it alone, <paramref name="count"/>
    /// times. Stops early at an end-of-generation token only when <paramref name="stopAtEndOfGeneration"/>
    /// is set (that token is then the last one returned). Returns the generated tokens, prompt excluded.
    /// </summary>
    public int[] Greedy(ReadOnlySpan<int> prompt, int count, bool stopAtEndOfGeneration = false)
    {
        ThrowIfEmpty(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ClearCache();
        if (count == 0)
            return [];

        var generated = new List<int>(count);
        Evaluate(prompt, allLogits: false);
        while (true)
        {
            int next = ArgMax(_context.GetLogitsIth(_batch.TokenCount - 1));
            generated.Add(next);
            if (generated.Count == count || (stopAtEndOfGeneration && ((LLamaToken)next).IsEndOfGeneration(_model.Vocab)))
                return [.. generated];
            DecodeChunk([next], allLogits: false);
        }
    }

    /// <summary>Empties the KV cache; the next evaluation starts at position 0.</summary>
    public void ClearCache()
    {
        _context.MemoryClear(true);
        _position = 0;
    }

    public void Dispose()
    {
        _context.Dispose();
        _model.Dispose();
    }

    private static LLamaContextParams ContextParams(LlamaCppOptions options)
    {
        LLamaContextParams p = LLamaContextParams.Default();
        p.n_ctx = (uint)options.ContextSize;
        p.n_batch = (uint)options.BatchSize;
        p.n_ubatch = (uint)options.BatchSize;
        p.n_seq_max = 1;
        p.n_threads = options.Threads;
        p.n_threads_batch = options.Threads;
        p.llama_flash_attn_type = options.FlashAttention switch
        {
            null => LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_AUTO,
            true => LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_ENABLED,
            false => LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_DISABLED,
        };
        if (options.KvCacheF32)
        {
            p.type_k = GGMLType.GGML_TYPE_F32;
            p.type_v = GGMLType.GGML_TYPE_F32;
        }

        return p;
    }

    /// <summary>Index of the largest value; the first one on ties.</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }

        return best;
    }

    private static void ThrowIfEmpty(ReadOnlySpan<int> tokens)
    {
        if (tokens.IsEmpty)
            throw new ArgumentException("At least one token is needed.", nameof(tokens));
    }
}
