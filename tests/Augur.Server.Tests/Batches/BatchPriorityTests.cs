using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Catalog;

namespace Augur.Server.Batches.Tests;

/// <summary>
/// Interactive isolation, shown by the engine's admission order rather than by timing: while the batch runner keeps
/// more items in the engine than it admits at once, an interactive request is admitted ahead of batch items that
/// were queued before it, is never preempted, and still succeeds.
/// </summary>
public sealed class BatchPriorityTests
{
    [Fact]
    public async Task Batch_YieldsToInteractiveRequests_InTheEnginesAdmissionOrder()
    {
        var runs = new ConcurrentBag<BatchItemRun>();
        using IDisposable listening = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == BatchItemExecutor.DiagnosticName)
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e => { if (e.Value is BatchItemRun run) runs.Add(run); }));
        }));
        // 48 items in flight, more than the engine runs at once (32): the rest wait in its batch queue.
        await using AugurTestServer server = await AugurTestServer.StartAsync(s =>
        {
            s["Augur:Batches:ClaimGroupSize"] = "48";
            s["Augur:Batches:PollMilliseconds"] = "20";
        });
        server.Models.Catalog.TryFind(AugurTestServer.Model, out CatalogEntry? entry);
        AugurEngine engine = server.Models.Engine(entry!);
        string items = string.Join(',', Enumerable.Range(0, 160).Select(i => $$"""{"prompt":"Once upon a time {{i}}","max_tokens":160,"temperature":0}"""));
        string id = await BatchClient.SubmitAsync(server.Client, $$"""{"requests":[{{items}}]}""");

        var probes = new List<GenerationUsage>();
        for (int probe = 0; probe < 3; probe++)
        {
            await WaitAsync(() => engine.Statistics.WaitingSequences >= 8, "batch items waiting in the engine");
            var request = new GenerationRequest { PromptTokens = [1, 300 + probe, 42], MaxTokens = 8, Priority = RequestPriority.Interactive };
            GenerationCompleted completed = (GenerationCompleted)(await engine.Submit(request).ToListAsync()).Last();
            Assert.NotEqual(FinishReason.Error, completed.FinishReason);
            probes.Add(completed.Usage);
        }
        using HttpResponseMessage interactive = await server.Client.PostAsync(AugurTestServer.RunPath(), AugurTestServer.Json("""{"prompt":"Hello","max_tokens":5}"""));
        Assert.Equal(HttpStatusCode.OK, interactive.StatusCode);

        Assert.True(await server.Store.Batches.CancelAsync(AugurTestServer.Account, id, DateTimeOffset.UtcNow));
        await WaitAsync(() => engine.Statistics is { RunningSequences: 0, WaitingSequences: 0 }, "the engine to drain");
        await Task.Delay(300); // the last items' reports follow their final step
        List<GenerationUsage> batch = runs.Where(r => r.Item.BatchId == id).Select(r => r.Usage).ToList();
        Assert.NotEmpty(batch);
        foreach (GenerationUsage p in probes)
        {
            Assert.Equal(0, p.Preemptions);
            // Batch items queued before the interactive request were admitted after it...
            Assert.Contains(batch, b => b.SubmissionOrder < p.SubmissionOrder && b.AdmissionOrder > p.AdmissionOrder);
            // ...and none queued after it got in first.
            Assert.DoesNotContain(batch, b => b.SubmissionOrder > p.SubmissionOrder && b.AdmissionOrder < p.AdmissionOrder);
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(T value) => next(value);
    }
}
