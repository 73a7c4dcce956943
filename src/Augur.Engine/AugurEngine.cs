using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Augur.Engine.Generation;
using Augur.Engine.Kv;
using Augur.Engine.Metrics;
using Augur.Engine.Model;
using Augur.Engine.Requests;
using Augur.Engine.Scheduling;
using Augur.Engine.Speculative;
using Augur.Models.Tokenizers;
using Augur.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augur.Engine;

/// <summary>
/// Serves one model to many concurrent requests: <see cref="Submit"/> queues a sequence and streams its events;
/// each <see cref="Step"/> runs one forward pass over a ragged batch of decodes and prefill chunks chosen by the
/// <see cref="Scheduler"/>, on a paged KV cache with automatic prefix caching. <see cref="Start"/> runs the steps on a
/// dedicated thread; without it, the caller drives <see cref="Step"/> (tests, benchmarks).
/// </summary>
/// <remarks>
/// <see cref="Submit"/> and <see cref="Statistics"/> are thread-safe; everything else runs on the engine thread.
/// The engine owns its KV cache; the weights, worker pool and tokenizer stay the caller's.
/// </remarks>
public sealed partial class AugurEngine : IDisposable
{
    private readonly ModelRunner _runner;
    private readonly KvCache _cache;
    private readonly ITokenizer _tokenizer;
    private readonly ILogger _logger;
    private readonly Scheduler _scheduler;
    private readonly ForwardBatch _batch;
    private readonly List<ScheduledSequence> _scheduled = [];
    private readonly List<Sequence> _finishing = [];
    private readonly ConcurrentQueue<Sequence> _inbox = new();
    private readonly FrozenSet<int> _endOfGeneration;
    private readonly float[] _logits;
    private readonly float[] _probabilities;
    private readonly float[] _residual;
    private readonly float[] _rawLogits; // the row of a sequence that wants log-probabilities, as the model gave it
    private float _rawLogNormalizer;
    private readonly LatencyWindow _timeToFirstToken = new();
    private readonly DraftModelDrafter? _draftModel;
    private readonly DraftLengthPolicy _draftPolicy = new();
    private readonly List<Sequence> _ngramDrafts = [];
    private readonly List<Sequence> _modelDrafts = [];
    private readonly ThroughputWindow _throughput = new();
    private readonly EngineMetrics _metrics;
    private readonly Lock _lifecycle = new();
    private EngineStatistics _statistics = new();
    private long _nextId, _steps, _prefillTokens, _decodeTokens, _draftedTokens, _acceptedTokens, _draftRounds, _draftRejections;
    private double _draftSeconds, _forwardSeconds;
    private int _queued; // accepted and not yet admitted (or finished)
    private EngineLoop? _loop;
    private bool _ownsLoop;
    private volatile bool _stopping; // set once, by Dispose
    private bool _disposed;

    /// <summary>
    /// An engine for <paramref name="weights"/> (and its <paramref name="tokenizer"/>) on <paramref name="pool"/>, with
    /// <paramref name="draftModel"/> for speculative decoding when given.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the KV budget holds no block.</exception>
    /// <exception cref="ArgumentException">The tokenizer does not fit the model, or the draft's vocabulary is not the target's.</exception>
    public AugurEngine(ModelWeights weights, WorkerPool pool, ITokenizer tokenizer, EngineOptions? options = null, ILoggerFactory? loggerFactory = null,
        DraftModel? draftModel = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new EngineOptions();
        options.Validate();
        if (tokenizer.Vocabulary.Count > weights.Config.VocabSize)
            throw new ArgumentException($"The tokenizer has {tokenizer.Vocabulary.Count} tokens but the model's embedding only {weights.Config.VocabSize}.", nameof(tokenizer));

        Options = options;
        ContextLength = options.ContextLength == 0 ? weights.Config.ContextLength : Math.Min(options.ContextLength, weights.Config.ContextLength);
        _tokenizer = tokenizer;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AugurEngine>();
        if (draftModel is not null && DraftVocabulary.FindDifference(tokenizer.Vocabulary, draftModel.Tokenizer.Vocabulary) is { } difference)
            throw new ArgumentException($"The draft model's vocabulary is not the target's: {difference}.", nameof(draftModel));

        _cache = KvCache.For(weights.Config, options.KvCache);
        try
        {
            var runnerOptions = new ModelRunnerOptions
            {
                MaxBatchTokens = options.MaxBatchTokens,
                MaxLogitsRows = options.MaxBatchTokens, // a speculating sequence wants the logits of every draft position
                ContextLength = ContextLength,
            };
            _runner = new ModelRunner(weights, pool, _cache, runnerOptions);
            if (draftModel is not null)
                _draftModel = new DraftModelDrafter(draftModel.Weights, pool, options.DraftKvCache, options.MaxBatchTokens, options.MaxRunningSequences, ContextLength);
        }
        catch
        {
            _cache.Dispose();
            throw;
        }
        _batch = new ForwardBatch(options.MaxBatchTokens);
        _scheduler = new Scheduler(_cache, options, (s, running) => _draftPolicy.Choose(s.Draft!, running));
        _endOfGeneration = EndOfGeneration.FindIds(tokenizer.Vocabulary);
        _logits = new float[weights.Config.VocabSize];
        _probabilities = new float[weights.Config.VocabSize];
        _residual = new float[weights.Config.VocabSize];
        _rawLogits = new float[weights.Config.VocabSize];
        _metrics = new EngineMetrics(options.ModelName, () => Statistics);
        PublishStatistics();
    }

    public EngineOptions Options { get; }

    /// <summary>Most positions one sequence reaches, prompt and output.</summary>
    public int ContextLength { get; }

    public ITokenizer Tokenizer => _tokenizer;

    /// <summary>The served model's configuration.</summary>
    public Augur.Models.ModelConfig Config => _runner.Config;

    /// <summary>The KV cache, for tests that check every block came back.</summary>
    internal KvCache Cache => _cache;

    internal Scheduler Scheduler => _scheduler;

    /// <summary>The draft model's KV cache, when the engine has a draft model.</summary>
    internal KvCache? DraftCache => _draftModel?.Cache;

    /// <summary>The latest snapshot of the engine's state, updated after every step.</summary>
    public EngineStatistics Statistics => Volatile.Read(ref _statistics);

    /// <summary>Time to first token over the latest sequences (at most a few hundred), in seconds; thread-safe.</summary>
    public LatencySummary TimeToFirstToken => _timeToFirstToken.Summary();

    /// <summary>
    /// Queues <paramref name="request"/> and returns its events: <see cref="GenerationDelta"/>s as tokens are
    /// sampled, then one <see cref="GenerationCompleted"/>. Cancelling <paramref name="cancellationToken"/>, or
    /// abandoning the enumeration, stops the sequence and frees its blocks at the next step.
    /// </summary>
    /// <exception cref="ArgumentException">The request is invalid: no prompt, a token outside the vocabulary, a prompt
    /// that leaves no room in the context or the KV cache, bad sampling options or stop strings.</exception>
    /// <exception cref="EngineOverloadedException">Too many sequences are waiting already; nothing was queued.</exception>
    public IAsyncEnumerable<GenerationEvent> Submit(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_stopping, this);
        Validate(request);
        StopSequences? stops = request.Stop.Count > 0 ? new StopSequences(request.Stop) : null;
        SpeculativeOptions speculation = request.Speculation ?? Options.Speculation;

        if (Interlocked.Increment(ref _queued) > Options.MaxWaitingSequences)
        {
            Interlocked.Decrement(ref _queued);
            throw new EngineOverloadedException($"The engine for {Options.ModelName} is over capacity: {Options.MaxWaitingSequences} sequences are waiting.");
        }
        int maxLength = (int)Math.Min(ContextLength, (long)request.PromptTokens.Count + request.MaxTokens);
        var sequence = new Sequence(Interlocked.Increment(ref _nextId), request, maxLength, new BlockTable(_cache, maxLength), Stopwatch.GetTimestamp())
        {
            Stops = stops,
            Draft = speculation.Method == SpeculativeMethod.None ? null : new DraftState(speculation, _runner.Config.VocabSize),
        };
        sequence.Cancellation = cancellationToken.Register(static state =>
        {
            var (engine, s) = ((AugurEngine, Sequence))state!;
            engine.RequestCancel(s);
        }, (this, sequence));
        lock (_lifecycle)
        {
            if (_stopping)
            {
                Interlocked.Decrement(ref _queued);
                sequence.Cancellation.Dispose();
                throw new ObjectDisposedException(nameof(AugurEngine));
            }
            _inbox.Enqueue(sequence); // before Dispose drains the inbox, never after
        }
        _loop?.Wake();
        return ReadEvents(sequence, CancellationToken.None);
    }

    /// <summary>Starts the engine thread, which runs <see cref="Step"/> while there is work and sleeps otherwise.</summary>
    /// <exception cref="InvalidOperationException">The engine already has a thread (its own, or its group's).</exception>
    public void Start()
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_loop is not null)
                throw new InvalidOperationException("The engine is already running.");
            _ = new EngineLoop([this], Options.ModelName, _logger);
            _ownsLoop = true;
        }
    }

    /// <summary>
    /// Stops the engine thread (when the engine started its own); sequences still queued or running finish as
    /// cancelled. Frees the KV cache. An engine of an <see cref="EngineGroup"/> is disposed by its group.
    /// </summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_stopping)
                return;
            if (!_ownsLoop && _loop is { IsStopped: false })
                throw new InvalidOperationException("Dispose the engine's group, which stops its thread first.");
            _stopping = true;
        }
        if (_ownsLoop)
            _loop!.Dispose();
        DrainInbox();
        _scheduler.CollectAll(_finishing);
        foreach (Sequence s in _finishing)
            Finish(s, FinishReason.Cancelled);
        _finishing.Clear();
        _disposed = true;
        _metrics.Dispose();
        _draftModel?.Dispose();
        _cache.Dispose();
    }

    /// <summary>True while sequences are queued or running.</summary>
    internal bool HasWork => !_inbox.IsEmpty || !_scheduler.IsEmpty;

    /// <summary>Called once by the loop that will run this engine's steps.</summary>
    internal void AttachLoop(EngineLoop loop)
    {
        if (Interlocked.CompareExchange(ref _loop, loop, null) is not null)
            throw new InvalidOperationException("The engine already has a thread.");
    }

    private async IAsyncEnumerable<GenerationEvent> ReadEvents(Sequence s, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool completed = false;
        try
        {
            await foreach (GenerationEvent e in s.Events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                completed = e is GenerationCompleted;
                yield return e;
                if (completed)
                    yield break;
            }
        }
        finally
        {
            if (!completed)
                RequestCancel(s); // the reader went away
        }
    }

    private void RequestCancel(Sequence s)
    {
        s.CancelRequested = true;
        _loop?.Wake();
    }

    private void Validate(GenerationRequest request)
    {
        IReadOnlyList<int> prompt = request.PromptTokens ?? throw new ArgumentException("The request has no prompt tokens.", nameof(request));
        if (prompt.Count == 0)
            throw new ArgumentException("The prompt is empty: at least one token is needed.", nameof(request));
        if (prompt.Count >= ContextLength)
            throw new ArgumentException($"The prompt has {prompt.Count} tokens; the context holds {ContextLength}, with room for at least one generated token.", nameof(request));
        long promptBlocks = (prompt.Count + (long)_cache.BlockTokens) / _cache.BlockTokens;
        if (promptBlocks > _cache.BlockCount)
            throw new ArgumentException($"The prompt has {prompt.Count} tokens; the KV cache holds {_cache.BlockCount * (long)_cache.BlockTokens}.", nameof(request));
        if (request.MaxTokens < 1)
            throw new ArgumentException($"MaxTokens must be at least 1, not {request.MaxTokens}.", nameof(request));
        int vocabulary = _tokenizer.Vocabulary.Count;
        for (int i = 0; i < prompt.Count; i++)
        {
            if ((uint)prompt[i] >= (uint)vocabulary)
                throw new ArgumentException($"Prompt token {i} ({prompt[i]}) is outside the vocabulary of {vocabulary}.", nameof(request));
        }
        ArgumentNullException.ThrowIfNull(request.Sampling, nameof(request));
        if (!request.Sampling.TryValidate(out string? error))
            throw new ArgumentException(error, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Stop, nameof(request));
        if (request.Speculation is { } speculation)
        {
            try
            {
                speculation.Validate();
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new ArgumentException($"Speculation: {ex.Message}", nameof(request), ex);
            }
        }
        if ((request.Speculation ?? Options.Speculation).Method == SpeculativeMethod.DraftModel && _draftModel is null)
            throw new ArgumentException($"{Options.ModelName} has no draft model to speculate with.", nameof(request));
        ArgumentNullException.ThrowIfNull(request.CacheNamespace, nameof(request));
        if (request.Adapter?.FindMismatch(_runner.Config) is { } mismatch)
            throw new ArgumentException($"The LoRA adapter does not fit {Options.ModelName}: {mismatch}.", nameof(request));
    }
}
