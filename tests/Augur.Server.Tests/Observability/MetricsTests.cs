using System.Globalization;
using System.Text.RegularExpressions;
using Augur.Tests.Common;

namespace Augur.Server.Observability.Tests;

/// <summary><c>GET /metrics</c> on the real server after real generations: engine series with their model label, and HTTP series.</summary>
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Metrics_AfterAGeneration_HasEngineAndHttpSeries()
    {
        // The model gets a name of its own: engine meters are process-wide, and other tests' servers run beside this one.
        string model = $"@local/metrics-{Guid.NewGuid():N}";
        await using AugurTestServer server = await AugurTestServer.StartAsync(settings =>
        {
            settings["Augur:Models:0:Name"] = model;
            settings["Augur:Models:0:File"] = TestModels.Stories260KBin;
            settings["Augur:Models:0:Tokenizer"] = TestModels.Tok512Bin;
        });
        using HttpResponseMessage run = await server.Client.PostAsync(AugurTestServer.RunPath(model), AugurTestServer.Json("""{"prompt":"Once upon a time","max_tokens":10}"""));
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());

        using var anonymous = server.Authorized(null);
        using HttpResponseMessage response = await anonymous.GetAsync("metrics");
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Dictionary<string, double> samples = Parse(text);
        // Every engine measurement carries the model as a label of its own (the meter's tag becomes otel_scope_model).
        string label = $",model=\"{model}\"";

        // The time-to-first-token histogram: one observation (this server's one request), in seconds.
        Assert.Equal(1, Sample(samples, "augur_engine_time_to_first_token_seconds_count", label));
        Assert.InRange(Sample(samples, "augur_engine_time_to_first_token_seconds_sum", label), 1e-6, 30);
        Assert.Equal(1, Sample(samples, "augur_engine_time_to_first_token_seconds_bucket", label, "le=\"+Inf\""));
        // 10 generated tokens: 9 gaps between them.
        Assert.Equal(9, Sample(samples, "augur_engine_inter_token_latency_seconds_count", label));

        // Token counters: the prompt was prefilled (a few tokens), and the decode steps ran.
        Assert.InRange(Sample(samples, "augur_engine_tokens_prefill_total", label), 2, 30);
        Assert.InRange(Sample(samples, "augur_engine_tokens_decode_total", label), 9, 10);
        Assert.Equal(1, Sample(samples, "augur_engine_sequences_finished_total", label, "reason=\"Length\""));

        // KV blocks: nothing is running now, so none is held and some are free.
        Assert.Equal(0, Sample(samples, "augur_engine_kv_blocks_used", label));
        Assert.True(Sample(samples, "augur_engine_kv_blocks_free", label) > 0);
        Assert.Equal(0, Sample(samples, "augur_engine_sequences_running", label));

        // ASP.NET Core's request duration histogram counted the run request, with its route and status.
        Assert.True(Sample(samples, "http_server_request_duration_seconds_count", "http_route=\"/client/v4/accounts/{account_id}/ai/run/{**model}\"", "http_response_status_code=\"200\"") >= 1);
    }

    [Fact]
    public async Task Metrics_NeedsNoToken_AndTheApiStillDoes()
    {
        await using AugurTestServer server = await AugurTestServer.StartAsync();
        using var anonymous = server.Authorized(null);

        using HttpResponseMessage metrics = await anonymous.GetAsync("metrics");
        using HttpResponseMessage models = await anonymous.GetAsync("v1/models");

        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, models.StatusCode);
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    private static double Sample(Dictionary<string, double> samples, string name, params string[] labels)
    {
        KeyValuePair<string, double>[] matches = samples
            .Where(s => s.Key.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l => s.Key.Contains(l, StringComparison.Ordinal)))
            .ToArray();
        Assert.True(matches.Length == 1, $"{matches.Length} samples of {name} with {string.Join(", ", labels)}; series: {string.Join(" | ", samples.Keys.Where(k => k.StartsWith(name, StringComparison.Ordinal)))}");
        return matches[0].Value;
    }

    /// <summary>Every sample line (<c>name{labels} value [timestamp]</c>) of a Prometheus text exposition.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            Match match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            string key = match.Groups["labels"].Success ? match.Groups["name"].Value + match.Groups["labels"].Value : match.Groups["name"].Value + "{}";
            double value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                string v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples[key] = value;
        }
        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{.*\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();
}
