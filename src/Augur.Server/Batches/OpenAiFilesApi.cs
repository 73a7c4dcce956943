using System.Text;
using System.Text.Unicode;
using Augur.Server.Errors;
using Augur.Server.Generation;
using Augur.Server.Hosting;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Augur.Server.Batches;

/// <summary>
/// OpenAI's <c>/v1/files</c> for batch files: upload (multipart, <c>purpose=batch</c> and <c>file</c>, at most
/// <c>Augur:MaxRequestBodyBytes</c> of UTF-8 text), list (<c>purpose</c>, <c>limit</c>, <c>after</c>), retrieve,
/// delete, and <c>/content</c>. Each account sees only its own files.
/// </summary>
internal static class OpenAiFilesApi
{
    private const int MaxListed = 10_000;

    public static IEndpointRouteBuilder MapOpenAiFiles(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/files", Upload);
        v1.MapGet("/files", List);
        v1.MapGet("/files/{file_id}", Get);
        v1.MapDelete("/files/{file_id}", Delete);
        v1.MapGet("/files/{file_id}/content", Content);
        return v1;
    }

    private static async Task<IResult> Upload(HttpContext http, IAugurStore store, AugurServerOptions options, TimeProvider time)
    {
        long limit = options.MaxRequestBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + RequestBody.DrainBytes;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw ApiException.BadInput("The body must be multipart/form-data with purpose and file parts.");
        }

        string? purpose = null, fileName = null;
        byte[]? content = null;
        var reader = new MultipartReader(boundary, http.Request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(http.RequestAborted).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition))
                    continue;
                string? name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "purpose")
                {
                    purpose = Encoding.UTF8.GetString(await ReadWithinAsync(section.Body, 256, http.RequestAborted).ConfigureAwait(false) ?? []).Trim();
                }
                else if (name == "file")
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    content = await ReadWithinAsync(section.Body, limit, http.RequestAborted).ConfigureAwait(false)
                        ?? throw new ApiException(BatchErrors.FileTooLarge, $"File is too large: the limit is {limit} bytes.");
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiException(BatchErrors.FileTooLarge, $"File is too large: the limit is {limit} bytes.");
        }

        if (purpose != OpenAiFiles.BatchPurpose)
            throw ApiException.BadInput($"The purpose must be batch, not {purpose ?? "missing"}.");
        if (content is null)
            throw ApiException.BadInput("The form needs a file part.");
        if (!Utf8.IsValid(content))
            throw ApiException.BadInput("The file is not valid UTF-8 text (JSONL).");
        var file = new BatchFile("file-" + Guid.NewGuid().ToString("N"), TextGenerator.MeteredAccount(http),
            string.IsNullOrWhiteSpace(fileName) ? "upload.jsonl" : fileName, OpenAiFiles.BatchPurpose, content.Length, time.GetUtcNow());
        await OpenAiFiles.StoreAsync(store, file, Encoding.UTF8.GetString(content), http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(OpenAiFiles.Describe(file), OpenAiBatchJsonContext.Default.OpenAiFileObject);
    }

    private static async Task<IResult> List(HttpContext http, IAugurStore store, string? purpose, int? limit, string? after)
    {
        int take = Math.Clamp(limit ?? MaxListed, 1, MaxListed);
        IReadOnlyList<BatchFile> all = await store.Files.ListAsync(TextGenerator.MeteredAccount(http), purpose, 100_000, http.RequestAborted).ConfigureAwait(false);
        List<BatchFile> page = (after is null ? all : all.SkipWhile(f => f.Id != after).Skip(1)).Take(take + 1).ToList();
        List<OpenAiFileObject> data = page.Take(take).Select(OpenAiFiles.Describe).ToList();
        return TypedResults.Json(new OpenAiFileList("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.Count > take),
            OpenAiBatchJsonContext.Default.OpenAiFileList);
    }

    private static async Task<IResult> Get(HttpContext http, IAugurStore store, string file_id) =>
        TypedResults.Json(OpenAiFiles.Describe(await store.Files.GetAsync(TextGenerator.MeteredAccount(http), file_id, http.RequestAborted).ConfigureAwait(false)
            ?? throw NotFound(file_id)), OpenAiBatchJsonContext.Default.OpenAiFileObject);

    private static async Task<IResult> Delete(HttpContext http, IAugurStore store, string file_id)
    {
        if (!await store.Files.DeleteAsync(TextGenerator.MeteredAccount(http), file_id, http.RequestAborted).ConfigureAwait(false))
            throw NotFound(file_id);
        return TypedResults.Json(new OpenAiFileDeleted(file_id, "file", true), OpenAiBatchJsonContext.Default.OpenAiFileDeleted);
    }

    private static async Task<IResult> Content(HttpContext http, IAugurStore store, string file_id)
    {
        string content = await store.Files.ContentAsync(TextGenerator.MeteredAccount(http), file_id, http.RequestAborted).ConfigureAwait(false)
            ?? throw NotFound(file_id);
        return TypedResults.Bytes(Encoding.UTF8.GetBytes(content), "application/octet-stream");
    }

    private static ApiException NotFound(string id) => new(BatchErrors.NotFound, $"No such File object: {id}");

    /// <summary>The whole stream if it holds at most <paramref name="limit"/> bytes; else null, once the rest was read and dropped.</summary>
    private static async Task<byte[]?> ReadWithinAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                while (await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
