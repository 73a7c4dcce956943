using System.Text.Json;
using Augur.Server.Accounts;
using Augur.Server.Hosting;
using Augur.Server.Json;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Augur.Server.Finetunes;

/// <summary>
/// Workers AI's finetunes, as <c>wrangler ai finetune</c> and the <c>cloudflare</c> SDK call them:
/// <c>POST …/ai/finetunes</c> (JSON <c>{model, name, description}</c>, whatever the content type: wrangler sends
/// text/plain), <c>POST …/ai/finetunes/{id or name}/finetune-assets</c> (multipart: <c>file_name</c> then <c>file</c>),
/// <c>GET …/ai/finetunes</c>, <c>GET …/ai/finetunes/public</c> and <c>DELETE …/ai/finetunes/{id or name}</c>.
/// </summary>
internal static class FinetunesApi
{
    /// <summary>Room for the multipart framing around the largest file.</summary>
    private const long FramingBytes = 1 << 20;

    public static IEndpointRouteBuilder MapFinetunes(this IEndpointRouteBuilder ai)
    {
        ai.MapPost("/finetunes", Create);
        ai.MapGet("/finetunes", List);
        ai.MapGet("/finetunes/public", ListPublic);
        ai.MapPost("/finetunes/{finetune}/finetune-assets", Upload);
        ai.MapDelete("/finetunes/{finetune}", Delete);
        return ai;
    }

    private static async Task<IResult> Create([FromRoute(Name = ApiAuthFilter.AccountRouteValue)] string accountId, HttpRequest request, FinetuneService finetunes, AugurServerOptions options)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        JsonElement root = body.RootElement;
        Finetune created = await finetunes.CreateAsync(accountId, Text(root, "model"), Text(root, "name"), Text(root, "description"), request.HttpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(Envelope<FinetuneDto>.Ok(Dto(created)), FinetunesJsonContext.Relaxed.EnvelopeFinetuneDto);
    }

    private static async Task<IResult> List([FromRoute(Name = ApiAuthFilter.AccountRouteValue)] string accountId, IAugurStore store, HttpRequest request)
    {
        IReadOnlyList<Finetune> all = await store.Finetunes.ListAsync(accountId, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(Envelope<IReadOnlyList<FinetuneDto>>.Ok([.. all.Select(Dto)]), FinetunesJsonContext.Relaxed.EnvelopeIReadOnlyListFinetuneDto);
    }

    /// <summary>Public finetunes are the platform's own (<c>cf-public-…</c>); this server ships none.</summary>
    private static IResult ListPublic() =>
        TypedResults.Json(Envelope<IReadOnlyList<FinetuneDto>>.Ok([]), FinetunesJsonContext.Relaxed.EnvelopeIReadOnlyListFinetuneDto);

    private static async Task<IResult> Delete([FromRoute(Name = ApiAuthFilter.AccountRouteValue)] string accountId, string finetune, FinetuneService finetunes, HttpRequest request)
    {
        await finetunes.DeleteAsync(accountId, finetune, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(Envelope<object>.Ok(null!), FinetunesJsonContext.Relaxed.EnvelopeObject);
    }

    private static async Task<IResult> Upload([FromRoute(Name = ApiAuthFilter.AccountRouteValue)] string accountId, string finetune, HttpContext http, FinetuneService finetunes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = finetunes.Limits.MaxWeightsBytes + FramingBytes;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, "The body must be multipart/form-data with file_name and file parts.");
        }

        CancellationToken cancellationToken = http.RequestAborted;
        var reader = new MultipartReader(boundary, http.Request.Body);
        string? fileName = null;
        (Finetune Finetune, FinetuneAsset Asset)? stored = null;
        string? spilled = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                string? name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
                if (name == "file_name")
                {
                    using var text = new StreamReader(section.Body);
                    char[] chars = new char[256];
                    fileName = new string(chars, 0, await text.ReadBlockAsync(chars, cancellationToken).ConfigureAwait(false)).Trim();
                }
                else if (name == "file" && stored is null)
                {
                    if (fileName is not null)
                    {
                        stored = await finetunes.UploadAsync(accountId, finetune, fileName, section.Body, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // file before file_name: keep it aside (within the size limit) until the name comes
                        spilled = Path.GetTempFileName();
                        await using var file = new FileStream(spilled, FileMode.Create, FileAccess.Write);
                        await CopyWithinAsync(section.Body, file, finetunes.Limits.MaxWeightsBytes, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (stored is null && spilled is not null && fileName is not null)
            {
                await using var file = new FileStream(spilled, FileMode.Open, FileAccess.Read);
                stored = await finetunes.UploadAsync(accountId, finetune, fileName, file, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (spilled is not null)
                File.Delete(spilled);
        }
        if (stored is not { } result)
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, "The form needs a file_name and a file.");

        var asset = new FinetuneAssetDto(
            $"{result.Finetune.Id}/{fileName}", result.Finetune.Id, fileName!, "augur-finetunes", result.Finetune.CreatedAt, result.Finetune.ModifiedAt);
        return TypedResults.Json(Envelope<FinetuneAssetDto>.Ok(asset), FinetunesJsonContext.Relaxed.EnvelopeFinetuneAssetDto);
    }

    private static async Task CopyWithinAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if ((total += read) > limit)
                throw FinetuneErrors.Fail(FinetuneErrors.TooLarge, $"The file is larger than the {limit} bytes allowed.");
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private static FinetuneDto Dto(Finetune f) => new(f.Id, f.Name, f.Model, f.Description, f.CreatedAt, f.ModifiedAt, Public: false);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
