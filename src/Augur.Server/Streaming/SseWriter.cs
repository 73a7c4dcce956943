using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Augur.Server.Errors;
using Augur.Server.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Augur.Server.Streaming;

/// <summary>
/// Writes server-sent events straight to the response: <c>data: {json}\n\n</c> per event, flushed at once, and
/// <c>data: [DONE]\n\n</c> at the end. One JSON writer is reused for the whole stream.
/// </summary>
internal sealed class SseWriter : IDisposable
{
    private readonly HttpResponse _response;
    private readonly Utf8JsonWriter _json;

    private SseWriter(HttpResponse response)
    {
        _response = response;
        _json = new Utf8JsonWriter(response.BodyWriter);
    }

    /// <summary>Sends the headers of an event stream (200, <c>text/event-stream</c>, no caching, no buffering).</summary>
    public static SseWriter Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return new SseWriter(response);
    }

    public async ValueTask WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        _response.BodyWriter.Write("data: "u8);
        _json.Reset(_response.BodyWriter);
        JsonSerializer.Serialize(_json, value, typeInfo);
        _json.Flush();
        _response.BodyWriter.Write("\n\n"u8);
        await _response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a stream that fails after its headers went out: one event whose data is the error body of the route's
    /// style (the v4 envelope, or OpenAI's <c>{"error":{…}}</c>), and no <c>[DONE]</c>.
    /// </summary>
    public ValueTask WriteErrorAsync(ApiException error, CancellationToken cancellationToken) =>
        ErrorResults.StyleOf(_response.HttpContext) == ErrorStyle.Envelope
            ? WriteAsync(ErrorResults.EnvelopeBody(error), ServerJson.Context.EnvelopeObject, cancellationToken)
            : WriteAsync(ErrorResults.OpenAiBody(error), ServerJson.Context.OpenAiErrorBody, cancellationToken);

    public async ValueTask WriteDoneAsync(CancellationToken cancellationToken)
    {
        _response.BodyWriter.Write("data: [DONE]\n\n"u8);
        await _response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _json.Dispose();
}
