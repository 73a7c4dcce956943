using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Augur.Server.Errors;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Hosting;

/// <summary>Reads a request's JSON body whatever its content type (wrangler sends text/plain), within the size limit.</summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// How far past the limit a body is still read (and thrown away) before the answer, so that a client that sends a
    /// whole too-large body reads a clean 413 instead of a reset connection. Kestrel's own limit is the sum.
    /// </summary>
    public const long DrainBytes = 16L << 20;

    /// <summary>The body as a JSON object; 3006 past <paramref name="limit"/> bytes, 3003 when empty, malformed or not an object.</summary>
    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit + DrainBytes)
            throw TooLarge(limit);

        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                Memory<byte> space = buffer.GetMemory(16 * 1024);
                int read = await request.Body.ReadAsync(space, request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                    break;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    await DrainAsync(request.Body, request.HttpContext.RequestAborted).ConfigureAwait(false);
                    throw TooLarge(limit);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }

        if (buffer.WrittenCount == 0)
            throw ApiException.BadInput("Request is missing headers or body: the body is empty.");
        if (!Utf8.IsValid(buffer.WrittenSpan))
            throw ApiException.BadInput("Request body is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.WrittenMemory, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw ApiException.BadInput($"Request body is not valid JSON: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.BadInput("Request body must be a JSON object.");
        }
        return document;
    }

    private static async Task DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await body.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static ApiException TooLarge(long limit) =>
        new(WorkersAiError.TooLarge, $"Request is too large: the body is over {limit} bytes.");
}
