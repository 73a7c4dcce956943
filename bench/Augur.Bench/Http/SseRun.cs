using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Augur.Bench.Http;

/// <summary>One streamed Workers AI <c>run</c> request, timed on the client: first event, last event, tokens.</summary>
/// <param name="TimeToFirstToken">From sending the request to the first event with text.</param>
/// <param name="DecodeTime">From the first text event to the last one.</param>
/// <param name="CompletionTokens">The usage's completion tokens.</param>
public sealed record SseRun(TimeSpan TimeToFirstToken, TimeSpan DecodeTime, int CompletionTokens)
{
    /// <summary>Tokens per second after the first, as the engine's own decode rate is counted.</summary>
    public double DecodeTokensPerSecond => Math.Max(CompletionTokens - 1, 0) / Math.Max(DecodeTime.TotalSeconds, 1e-9);

    /// <summary>Posts a streamed, greedy, raw <c>run</c> request and reads its server-sent events to <c>[DONE]</c>.</summary>
    public static async Task<SseRun> RunAsync(HttpClient client, string path, string prompt, int maxTokens, CancellationToken cancellationToken = default)
    {
        string body = JsonSerializer.Serialize(new Dictionary<string, object> { ["prompt"] = prompt, ["raw"] = true, ["stream"] = true, ["max_tokens"] = maxTokens, ["temperature"] = 0 });
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        long start = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        long first = 0, last = 0;
        int tokens = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            string data = line["data: ".Length..];
            if (data == "[DONE]")
                break;
            using JsonDocument e = JsonDocument.Parse(data);
            if (e.RootElement.TryGetProperty("usage", out JsonElement usage))
                tokens = usage.GetProperty("completion_tokens").GetInt32();
            else if (e.RootElement.GetProperty("response").GetString() is { Length: > 0 })
            {
                last = Stopwatch.GetTimestamp();
                if (first == 0)
                    first = last;
            }
        }
        if (first == 0)
            throw new InvalidOperationException("The stream carried no text.");
        return new SseRun(Stopwatch.GetElapsedTime(start, first), Stopwatch.GetElapsedTime(first, last), tokens);
    }
}
