using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Bench.Http;
using Augur.Server;
using Microsoft.AspNetCore.Builder;

namespace Augur.Bench.Batch;

/// <summary>
/// The async batch API against interactive requests, on the real server (Kestrel on loopback, in this process)
/// serving one model. Throughput: the same N greedy requests run as one Workers AI batch (<c>?queueRequest=true</c>,
/// polled), one at a time, and all at once, each timed from the first submission to the last answer. Isolation:
/// sequential streamed interactive requests timed for time to first token, with no batch, then while a larger batch
/// runs.
/// </summary>
public static class BatchBenchmark
{
    public static async Task<BatchBenchmarkReport> RunAsync(string modelPath, string? tokenizerPath, BatchBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Dictionary<string, string?> settings, string emptyModels) = BenchServerSettings.Create("augur-bench-batch-", modelPath, tokenizerPath, options.Threads, options.KvCacheBytes);
        settings["Augur:Batches:PollMilliseconds"] = "50";
        WebApplication app = AugurServer.Build([], configFile: null, settings);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single() + "/"), Timeout = TimeSpan.FromMinutes(60) };
            // Warm up: the model's first request pays for its loading, and the first batched steps run the multi-token
            // kernels before the JIT has optimised them (tiered compilation): a burst of concurrent requests and a small
            // batch, untimed, so that the first timed mode does not pay for it (it was measured 3× slow without).
            await RunOneAsync(client, Body(options, -1, options.OutputTokens)).ConfigureAwait(false);
            string[] warmUp = Enumerable.Range(0, Math.Min(16, options.Items)).Select(i => Body(options, -2 - i, options.OutputTokens)).ToArray();
            for (int round = 0; round < 2; round++)
                await Task.WhenAll(warmUp.Select(b => RunOneAsync(client, b))).ConfigureAwait(false);
            await WaitAsync(client, await SubmitAsync(client, warmUp).ConfigureAwait(false), TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);

            string[] bodies = Enumerable.Range(0, options.Items).Select(i => Body(options, i, options.OutputTokens)).ToArray();
            var modes = new List<BatchModeResult>
            {
                await TimeAsync("async batch", bodies.Length, async () =>
                    await WaitAsync(client, await SubmitAsync(client, bodies).ConfigureAwait(false), TimeSpan.FromMilliseconds(20)).ConfigureAwait(false), progress).ConfigureAwait(false),
                await TimeAsync("one at a time", bodies.Length, async () =>
                {
                    long tokens = 0;
                    foreach (string body in bodies)
                        tokens += await RunOneAsync(client, body).ConfigureAwait(false);
                    return tokens;
                }, progress).ConfigureAwait(false),
                await TimeAsync("all at once", bodies.Length, async () =>
                    (await Task.WhenAll(bodies.Select(b => RunOneAsync(client, b))).ConfigureAwait(false)).Sum(), progress).ConfigureAwait(false),
            };

            TtftSeries idle = await TtftAsync(client, "no batch", options, progress).ConfigureAwait(false);
            int background = options.BackgroundItems ?? 4 * options.Items;
            string batch = await SubmitAsync(client, Enumerable.Range(0, background).Select(i => Body(options, options.Items + i, options.OutputTokens)).ToArray()).ConfigureAwait(false);
            while (await PollAsync(client, batch).ConfigureAwait(false) is (false, "queued", _))
                await Task.Delay(10).ConfigureAwait(false);
            TtftSeries busy = await TtftAsync(client, "batch running", options, progress).ConfigureAwait(false);
            bool stillRunning = !(await PollAsync(client, batch).ConfigureAwait(false)).Done;
            return new BatchBenchmarkReport(Path.GetFileName(modelPath), options.OutputTokens, modes, [idle, busy], stillRunning);
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(emptyModels, recursive: true);
        }
    }

    private static async Task<BatchModeResult> TimeAsync(string mode, int items, Func<Task<long>> run, Action<string>? progress)
    {
        long start = Stopwatch.GetTimestamp();
        long tokens = await run().ConfigureAwait(false);
        var result = new BatchModeResult(mode, items, Stopwatch.GetElapsedTime(start).TotalSeconds, tokens);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {items} items in {result.Seconds:F2} s, {result.ItemsPerMinute:F1} items/min, {result.TokensPerSecond:F1} output tok/s"));
        return result;
    }

    private static async Task<TtftSeries> TtftAsync(HttpClient client, string condition, BatchBenchmarkOptions options, Action<string>? progress)
    {
        var seconds = new List<double>();
        for (int i = 0; i < options.Interactive; i++)
        {
            SseRun run = await SseRun.RunAsync(client, BenchServerSettings.RunPath, $"Question {i}. {options.Prompt}", options.InteractiveTokens).ConfigureAwait(false);
            seconds.Add(run.TimeToFirstToken.TotalSeconds);
        }
        double[] sorted = [.. seconds.Order()];
        var series = new TtftSeries(condition, sorted.Length, sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.99 * sorted.Length) - 1)]);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"TTFT, {condition}: p50 {series.P50Seconds * 1000:F1} ms, p99 {series.P99Seconds * 1000:F1} ms"));
        return series;
    }

    /// <summary>Request <paramref name="index"/> of the workload: greedy, raw, its own numbered lead-in so that no two share a whole prompt.</summary>
    private static string Body(BatchBenchmarkOptions options, int index, int maxTokens) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["prompt"] = $"Story {index}. {options.Prompt}",
            ["raw"] = true,
            ["max_tokens"] = maxTokens,
            ["temperature"] = 0,
        });

    /// <summary>One interactive, non-streamed request; its completion tokens.</summary>
    private static async Task<long> RunOneAsync(HttpClient client, string body)
    {
        using JsonDocument answer = await PostAsync(client, body).ConfigureAwait(false);
        return answer.RootElement.GetProperty("result").GetProperty("usage").GetProperty("completion_tokens").GetInt64();
    }

    private static async Task<string> SubmitAsync(HttpClient client, IReadOnlyList<string> bodies)
    {
        using JsonDocument answer = await PostAsync(client, $$"""{"requests":[{{string.Join(',', bodies)}}]}""", "?queueRequest=true").ConfigureAwait(false);
        return answer.RootElement.GetProperty("result").GetProperty("request_id").GetString()!;
    }

    /// <summary>Polls batch <paramref name="id"/> every <paramref name="interval"/> until it is done; its completion tokens.</summary>
    private static async Task<long> WaitAsync(HttpClient client, string id, TimeSpan interval)
    {
        while (true)
        {
            (bool done, _, long tokens) = await PollAsync(client, id).ConfigureAwait(false);
            if (done)
                return tokens;
            await Task.Delay(interval).ConfigureAwait(false);
        }
    }

    private static async Task<(bool Done, string? Status, long CompletionTokens)> PollAsync(HttpClient client, string id)
    {
        using JsonDocument answer = await PostAsync(client, $$"""{"request_id":"{{id}}"}""").ConfigureAwait(false);
        JsonElement result = answer.RootElement.GetProperty("result");
        if (!result.TryGetProperty("responses", out JsonElement responses))
            return (false, result.GetProperty("status").GetString(), 0);
        int failed = responses.EnumerateArray().Count(r => !r.GetProperty("success").GetBoolean());
        if (failed > 0)
            throw new InvalidOperationException($"{failed} batch items failed: {responses}");
        return (true, "completed", result.GetProperty("usage").GetProperty("completion_tokens").GetInt64());
    }

    private static async Task<JsonDocument> PostAsync(HttpClient client, string body, string query = "")
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync(BenchServerSettings.RunPath + query, content).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{BenchServerSettings.RunPath}{query} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
