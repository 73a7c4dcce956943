using Augur.Server.Hosting;
using Augur.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Augur.Server.Batches;

/// <summary>
/// This node's worker of the shared batch queue. It keeps up to <see cref="BatchOptions.ClaimGroupSize"/> items in
/// the engine, claiming a new group whenever half of them are done (so that items are admitted together and batching
/// raises throughput), renews its leases while they run, stores each result with its usage exactly once, sweeps
/// expired results, and on a clean stop gives its unfinished items back. A crashed node's items are claimed again by
/// any node once their leases lapse.
/// </summary>
internal sealed partial class BatchRunner(IAugurStore store, BatchItemExecutor executor, AugurServerOptions options, TimeProvider time, ILogger<BatchRunner> logger)
    : BackgroundService
{
    private readonly BatchOptions _options = options.Batches;
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>
    /// One store call of this runner at a time. SQLite's calls block their thread while they wait for the write lock,
    /// and a group of items finishing together would otherwise hold most of the thread pool's few threads (two on a
    /// two-core machine), delaying interactive requests by the pool's slow thread injection.
    /// </summary>
    private readonly SemaphoreSlim _storeCalls = new(1, 1);
    private readonly TimeSpan _lease = TimeSpan.FromSeconds(options.Batches.LeaseSeconds);

    /// <summary>This node's name in leases and results.</summary>
    public string NodeId { get; } = options.Batches.NodeId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Tells the runner that work was queued, so that it looks now instead of at its next poll.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var running = new List<Task>();
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task renewing = RenewAsync(renewal.Token);
        DateTimeOffset nextSweep = time.GetUtcNow();
        Task? woken = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                int room = _options.ClaimGroupSize - running.Count;
                if (running.Count <= _options.ClaimGroupSize / 2 && room > 0)
                {
                    foreach (ClaimedBatchItem item in await TryAsync(() => store.Batches.ClaimAsync(NodeId, room, time.GetUtcNow(), _lease, stoppingToken), []).ConfigureAwait(false))
                        running.Add(RunAsync(item, stoppingToken));
                }
                if (time.GetUtcNow() >= nextSweep)
                {
                    nextSweep = time.GetUtcNow().AddSeconds(_options.SweepSeconds);
                    int swept = await TryAsync(() => store.Batches.SweepAsync(time.GetUtcNow().AddHours(-_options.ResultRetentionHours), stoppingToken), 0).ConfigureAwait(false);
                    if (swept > 0)
                        Log.Swept(logger, swept);
                }

                // One wait at a time, kept across rounds, so that no wake is swallowed by a wait nobody awaits.
                if (woken is null || woken.IsCompleted)
                    woken = _wake.WaitAsync(TimeSpan.FromMilliseconds(_options.PollMilliseconds), stoppingToken);
                await (running.Count == 0 ? woken : Task.WhenAny(woken, Task.WhenAny(running))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await TryAsync(() => store.Batches.ReleaseAllAsync(NodeId, CancellationToken.None), 0).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one item and stores its outcome; an item that could not run goes back to the queue.</summary>
    private async Task RunAsync(ClaimedBatchItem item, CancellationToken stoppingToken)
    {
        var outcome = await executor.RunAsync(item, NodeId, stoppingToken).ConfigureAwait(false);
        if (outcome is not { } done)
        {
            if (!stoppingToken.IsCancellationRequested)
                await TryAsync(() => store.Batches.ReleaseAsync(NodeId, item.BatchId, item.Index, CancellationToken.None), false).ConfigureAwait(false);
            return;
        }
        try
        {
            if (!await OneAtATimeAsync(() => store.Batches.CompleteAsync(done.Outcome, done.Usage, CancellationToken.None)).ConfigureAwait(false))
                Log.Duplicate(logger, item.BatchId, item.Index);
        }
#pragma warning disable CA1031 // the result could not be stored: give the item back, to run again (here or elsewhere)
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StoreFailed(logger, e);
            await TryAsync(() => store.Batches.ReleaseAsync(NodeId, item.BatchId, item.Index, CancellationToken.None), false).ConfigureAwait(false);
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_lease / 3, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!cancellationToken.IsCancellationRequested)
                await TryAsync(() => store.Batches.RenewAsync(NodeId, time.GetUtcNow() + _lease, cancellationToken), 0).ConfigureAwait(false);
        }
    }

    /// <summary>A store call whose failure (the database away for a moment) is logged and retried later, not fatal.</summary>
    private async Task<T> TryAsync<T>(Func<Task<T>> call, T fallback)
    {
        try
        {
            return await OneAtATimeAsync(call).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return fallback;
        }
#pragma warning disable CA1031 // the runner outlives a failed store call; the next round tries again
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StoreFailed(logger, e);
            return fallback;
        }
    }

    private async Task<T> OneAtATimeAsync<T>(Func<Task<T>> call)
    {
        await _storeCalls.WaitAsync().ConfigureAwait(false);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            _storeCalls.Release();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _storeCalls.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The batch store failed; trying again later")]
        public static partial void StoreFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Batch {Batch} item {Index} already had a result (or was cancelled); this run's is dropped")]
        public static partial void Duplicate(ILogger logger, string batch, int index);

        [LoggerMessage(3, LogLevel.Information, "Swept {Count} expired batches")]
        public static partial void Swept(ILogger logger, int count);
    }
}
