using System.Diagnostics;
using System.Globalization;
using Augur.Engine;
using Augur.Engine.Requests;

namespace Augur.Bench.Serving;

/// <summary>
/// Time to first token of interactive requests arriving at a steady interval, first on an idle engine, then on a fresh
/// engine kept saturated by batch work: clients that each submit one <see cref="RequestPriority.Batch"/> request after
/// another until the interactive requests are done, then cancel. The interactive prompts are the same in both phases
/// (and share no prefix with anything else), so only the load differs.
/// </summary>
public static class InterferenceBenchmark
{
    public static async Task<InterferenceResult> RunAsync(ServingModel model, ServingBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        PromptTokens prompts = model.Prompts(options.Seed + 2);
        int[][] interactive = [.. Enumerable.Range(0, options.InteractiveRequests).Select(_ => prompts.Next(options.InteractivePromptTokens))];

        double[] alone;
        using (AugurEngine engine = model.CreateEngine(options.Engine()))
        {
            engine.Start();
            alone = await Interactive(engine, interactive, options).ConfigureAwait(false);
        }
        LatencySummary aloneSummary = LatencySummary.Of(alone);
        progress?.Invoke(Describe("alone", aloneSummary));

        using (AugurEngine engine = model.CreateEngine(options.Engine()))
        {
            engine.Start();
            using var stop = new CancellationTokenSource();
            Task[] clients = [.. Enumerable.Range(0, options.EffectiveBatchClients)
                .Select(c => BatchClient(engine, model.Prompts(options.Seed + 1000 + c), options, stop.Token))];
            int running = await Saturate(engine, options).ConfigureAwait(false);
            EngineStatistics before = engine.Statistics;
            long start = Stopwatch.GetTimestamp();
            double[] loaded = await Interactive(engine, interactive, options).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            EngineStatistics after = engine.Statistics;
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(clients).ConfigureAwait(false);

            LatencySummary loadedSummary = LatencySummary.Of(loaded);
            // Interactive requests decode too; their tokens are few (requests × max tokens) and counted out.
            long loadTokens = after.DecodeTokens - before.DecodeTokens - (long)options.InteractiveRequests * (options.InteractiveMaxTokens - 1);
            progress?.Invoke(Describe("under batch load", loadedSummary)
                + string.Create(CultureInfo.InvariantCulture, $"; {running} sequences running at the start, load decoding {loadTokens / seconds:F1} tok/s, {after.Preemptions - before.Preemptions} preemptions"));
            return new InterferenceResult(options.InteractiveRequests, options.InteractiveInterval.TotalSeconds, options.InteractivePromptTokens,
                options.EffectiveBatchClients, aloneSummary, loadedSummary, Math.Max(0, loadTokens) / seconds, after.Preemptions - before.Preemptions, running);
        }
    }

    /// <summary>Submits the prompts one per interval and returns each one's time to first token, in seconds.</summary>
    private static async Task<double[]> Interactive(AugurEngine engine, int[][] prompts, ServingBenchmarkOptions options)
    {
        var outcomes = new Task<RequestOutcome>[prompts.Length];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < prompts.Length; i++)
        {
            TimeSpan wait = options.InteractiveInterval * i - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait).ConfigureAwait(false);
            var request = new GenerationRequest { PromptTokens = prompts[i], MaxTokens = options.InteractiveMaxTokens, IgnoreEndOfGeneration = true };
            outcomes[i] = Task.Run(() => RequestOutcome.Collect(engine.Submit(request)));
        }
        RequestOutcome[] done = await Task.WhenAll(outcomes).ConfigureAwait(false);
        return [.. done.Select(o => o.Usage.TimeToFirstToken.TotalSeconds)];
    }

    /// <summary>Waits until the batch load fills the running slots (or all its clients run) and is decoding; returns the running count.</summary>
    private static async Task<int> Saturate(AugurEngine engine, ServingBenchmarkOptions options)
    {
        int target = Math.Min(options.MaxRunningSequences, options.EffectiveBatchClients);
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(2))
        {
            EngineStatistics s = engine.Statistics;
            if (s.RunningSequences >= target && s.DecodeTokens >= target)
                return s.RunningSequences;
            await Task.Delay(20).ConfigureAwait(false);
        }
        throw new InvalidOperationException($"The batch load did not reach {target} running sequences within two minutes.");
    }

    private static async Task BatchClient(AugurEngine engine, PromptTokens prompts, ServingBenchmarkOptions options, CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            var request = new GenerationRequest
            {
                PromptTokens = prompts.Next(options.BatchPromptTokens),
                MaxTokens = options.BatchMaxTokens,
                Priority = RequestPriority.Batch,
                IgnoreEndOfGeneration = true,
            };
            await RequestOutcome.Collect(engine.Submit(request, stop)).ConfigureAwait(false); // ends Cancelled once stopped
        }
    }

    private static string Describe(string phase, LatencySummary s) => string.Create(CultureInfo.InvariantCulture,
        $"interference, interactive TTFT {phase}: median {s.Median * 1000:F1} ms, p99 {s.P99 * 1000:F1} ms (min {s.Min * 1000:F1}, max {s.Max * 1000:F1})");
}
