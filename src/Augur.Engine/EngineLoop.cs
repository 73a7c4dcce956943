using Microsoft.Extensions.Logging;

namespace Augur.Engine;

/// <summary>
/// The thread that runs engine steps: it steps each of its engines in turn while any has work and sleeps otherwise,
/// woken by a submission. One loop per worker pool, because a pool runs one job at a time: an engine started alone has
/// a loop of its own; the engines of an <see cref="EngineGroup"/> share one.
/// </summary>
internal sealed class EngineLoop : IDisposable
{
    private const int RetryMilliseconds = 10;
    private readonly AugurEngine[] _engines;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public EngineLoop(IReadOnlyList<AugurEngine> engines, string name, ILogger logger)
    {
        _engines = [.. engines];
        _logger = logger;
        foreach (AugurEngine engine in _engines)
            engine.AttachLoop(this);
        _thread = new Thread(Run) { IsBackground = true, Name = $"augur engine {name}" };
        _thread.Start();
    }

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    public bool IsStopped => _stopping;

    /// <summary>Wakes the loop after a submission or cancellation.</summary>
    public void Wake()
    {
        if (!_stopping)
            _signal.Set();
    }

    /// <summary>Stops the thread after its current step.</summary>
    public void Dispose()
    {
        if (_stopping)
            return;
        _stopping = true;
        _signal.Set();
        if (!IsLoopThread)
            _thread.Join();
        _signal.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _signal.Reset();
            bool worked = false, waiting = false;
            foreach (AugurEngine engine in _engines)
            {
                try
                {
                    worked |= engine.Step();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _logger.LogError(ex, "Engine step failed for {Model}; failing its sequences.", engine.Options.ModelName);
                    engine.FailAll(ex);
                }
                waiting |= engine.HasWork;
            }
            if (!worked && !_stopping)
                _signal.Wait(waiting ? RetryMilliseconds : Timeout.Infinite);
        }
    }
}
