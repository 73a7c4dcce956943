using Augur.Server.Finetunes;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Dashboard;

/// <summary>
/// The Finetunes page's JSON under <c>/dashboard/api/finetunes</c>, for the signed-in account, through
/// <see cref="FinetuneService"/> (the API's rules and errors): <c>GET</c> the list, and antiforgery-checked posts to
/// create one, upload an asset (a form with <c>file_name</c> and <c>file</c>) and delete one.
/// </summary>
internal static class DashboardFinetunesApi
{
    /// <summary>Room for the form's framing around the largest file.</summary>
    private const long FramingBytes = 1 << 20;

    public static void MapDashboardFinetunes(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder read = app.MapGroup(DashboardSetup.ApiPrefix + "/finetunes").RequireAuthorization();
        read.MapGet("/", ListAsync);
        RouteGroupBuilder write = app.MapGroup(DashboardSetup.ApiPrefix + "/finetunes").RequireAuthorization().RequireAntiforgery();
        write.MapPost("/", CreateAsync);
        write.MapPost("/{finetune}/assets", UploadAsync);
        write.MapPost("/{finetune}/delete", DeleteAsync);
    }

    /// <summary>The account's finetunes, oldest first.</summary>
    public static async Task<List<FinetuneView>> ViewsAsync(IAugurStore store, string accountId, CancellationToken cancellationToken) =>
        [.. (await store.Finetunes.ListAsync(accountId, cancellationToken).ConfigureAwait(false)).Select(View)];

    private static async Task<IResult> ListAsync(HttpContext http, IAugurStore store) =>
        TypedResults.Json(await ViewsAsync(store, DashboardSession.AccountId(http), http.RequestAborted).ConfigureAwait(false), DashboardJson.Default.ListFinetuneView);

    private static async Task<IResult> CreateAsync(HttpContext http, FinetuneService finetunes)
    {
        FinetuneCreateRequest body = await DashboardApi.ReadAsync(http, DashboardJson.Default.FinetuneCreateRequest).ConfigureAwait(false);
        string? description = string.IsNullOrWhiteSpace(body.Description) ? null : body.Description.Trim();
        Finetune created = await finetunes.CreateAsync(DashboardSession.AccountId(http), body.Model, body.Name?.Trim(), description, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(View(created), DashboardJson.Default.FinetuneView);
    }

    /// <summary>A form's <c>file</c>, stored as <c>file_name</c> (or, without one, the file's own name).</summary>
    private static async Task<IResult> UploadAsync(HttpContext http, FinetuneService finetunes, string finetune)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = finetunes.Limits.MaxWeightsBytes + FramingBytes;
        if (!http.Request.HasFormContentType)
            throw FinetuneErrors.Fail(FinetuneErrors.Invalid, "The body must be a form with file_name and file.");
        IFormCollection form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
        {
            MultipartBodyLengthLimit = finetunes.Limits.MaxWeightsBytes + FramingBytes,
        }, http.RequestAborted).ConfigureAwait(false);
        IFormFile file = form.Files.GetFile("file") ?? throw FinetuneErrors.Fail(FinetuneErrors.Invalid, "The form needs a file.");
        string fileName = form["file_name"].ToString() is { Length: > 0 } named ? named.Trim() : file.FileName;
        await using Stream content = file.OpenReadStream();
        (Finetune stored, _) = await finetunes.UploadAsync(DashboardSession.AccountId(http), finetune, fileName, content, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(View(await finetunes.FindAsync(stored.AccountId, stored.Id, http.RequestAborted).ConfigureAwait(false)), DashboardJson.Default.FinetuneView);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, FinetuneService finetunes, string finetune)
    {
        await finetunes.DeleteAsync(DashboardSession.AccountId(http), finetune, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static FinetuneView View(Finetune f) => new(f.Id, f.Name, f.Model, f.Description, f.CreatedAt, f.HasConfig, f.HasWeights);
}
