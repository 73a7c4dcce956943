using System.Diagnostics;
using System.Globalization;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Models.Tokenizers;
using Augur.Server;
using Augur.Server.Catalog;
using Augur.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Bench.Http;

/// <summary>
/// The server's cost and its behaviour under load, on the real server (Kestrel on loopback, in this process) serving
/// one model. Overhead: the same greedy request to the engine directly and through HTTP + SSE, alternating, decode
/// tokens per second of each (first to last token). Load: 1, 8 and 32 concurrent streaming clients, each making
/// requests back to back: client-side time to first token (median, p99) and total tokens per second.
/// </summary>
public static class HttpBenchmark
{
    public static async Task<HttpBenchmarkReport> RunAsync(string modelPath, string? tokenizerPath, HttpBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Dictionary<string, string?> settings, string emptyModels) = BenchServerSettings.Create("augur-bench-http-", modelPath, tokenizerPath, options.Threads, options.KvCacheBytes);
        WebApplication app = AugurServer.Build([], configFile: null, settings);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single() + "/"), Timeout = TimeSpan.FromMinutes(30) };
            ModelHost host = app.Services.GetRequiredService<ModelHost>();
            host.Catalog.TryFind(BenchServerSettings.ModelName, out CatalogEntry? entry);
            AugurEngine engine = host.Engine(entry!);

            HttpOverhead overhead = await MeasureOverheadAsync(engine, client, options, progress).ConfigureAwait(false);
            var load = new List<HttpLoadLevel>();
            foreach (int clients in options.Clients)
                load.Add(await MeasureLoadAsync(client, clients, options, progress).ConfigureAwait(false));
            return new HttpBenchmarkReport(Path.GetFileName(modelPath), overhead, load);
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(emptyModels, recursive: true);
        }
    }

    private static async Task<HttpOverhead> MeasureOverheadAsync(AugurEngine engine, HttpClient client, HttpBenchmarkOptions options, Action<string>? progress)
    {
        int[] prompt = engine.Tokenizer.Encode(options.Prompt, new EncodeSettings { AddBos = engine.Tokenizer.Vocabulary.AddBos, ParseSpecial = true });
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = options.DecodeTokens };
        var alone = new List<double>();
        var http = new List<double>();
        for (int round = -1; round < options.Rounds; round++) // round −1 warms both paths up
        {
            double engineRate = await EngineRateAsync(engine, request).ConfigureAwait(false);
            SseRun run = await SseRun.RunAsync(client, BenchServerSettings.RunPath, options.Prompt, options.DecodeTokens).ConfigureAwait(false);
            if (round < 0)
                continue;
            alone.Add(engineRate);
            http.Add(run.DecodeTokensPerSecond);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"overhead round {round + 1}: engine {engineRate:F1} tok/s, HTTP {run.DecodeTokensPerSecond:F1} tok/s ({run.CompletionTokens} tokens)"));
        }
        return new HttpOverhead(alone, http);
    }

    /// <summary>The engine's decode rate for one request submitted directly: first to last generated token.</summary>
    private static async Task<double> EngineRateAsync(AugurEngine engine, GenerationRequest request)
    {
        long first = 0, last = 0;
        int tokens = 0;
        await foreach (GenerationEvent e in engine.Submit(request).ConfigureAwait(false))
        {
            if (e is GenerationDelta { Tokens.Count: > 0 } delta)
            {
                last = Stopwatch.GetTimestamp();
                if (first == 0)
                    first = last;
                tokens += delta.Tokens.Count;
            }
        }
        return Math.Max(tokens - 1, 0) / Math.Max(Stopwatch.GetElapsedTime(first, last).TotalSeconds, 1e-9);
    }

    private static async Task<HttpLoadLevel> MeasureLoadAsync(HttpClient client, int clients, HttpBenchmarkOptions options, Action<string>? progress)
    {
        var runs = new List<SseRun>();
        long start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (int i = 0; i < options.RequestsPerClient; i++)
            {
                SseRun run = await SseRun.RunAsync(client, BenchServerSettings.RunPath, options.Prompt, options.LoadTokens).ConfigureAwait(false);
                lock (runs)
                    runs.Add(run);
            }
        })).ConfigureAwait(false);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double[] ttft = runs.Select(r => r.TimeToFirstToken.TotalSeconds).Order().ToArray();
        var level = new HttpLoadLevel(clients, runs.Count, ttft[ttft.Length / 2], ttft[Math.Min(ttft.Length - 1, (int)Math.Ceiling(0.99 * ttft.Length) - 1)],
            runs.Sum(r => r.CompletionTokens) / seconds);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"load {clients} clients: TTFT median {level.MedianTtftSeconds * 1000:F0} ms, p99 {level.P99TtftSeconds * 1000:F0} ms, {level.TotalTokensPerSecond:F1} tok/s"));
        return level;
    }
}
