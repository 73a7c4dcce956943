using System.Text.Json;
using Augur.Server.Accounts;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Augur.Server.Json;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Apis;

/// <summary>
/// The admin API under <c>/admin</c>, behind <c>Augur:AdminToken</c>, with v4 envelopes:
/// <c>POST/GET /admin/accounts</c>, <c>GET/PATCH /admin/accounts/{id}</c> (<c>plan</c>, <c>daily_free_neurons</c>),
/// <c>POST/GET /admin/tokens</c> (<c>account_id</c>, <c>name</c>; the secret is in the creating answer only) and
/// <c>DELETE /admin/tokens/{id}</c> (revokes).
/// </summary>
internal static class AdminApi
{
    /// <summary>404 of the admin API (it may say what exists: its caller is the operator).</summary>
    private static readonly WorkersAiError NotFound = new(7003, 404, "invalid_request_error", "not_found");

    /// <summary>409: an account id already taken.</summary>
    private static readonly WorkersAiError Conflict = new(7004, 409, "invalid_request_error", "conflict");

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder admin = app.MapGroup("/admin");
        admin.AddEndpointFilterFactory((context, next) =>
        {
            AugurServerOptions options = context.ApplicationServices.GetRequiredService<AugurServerOptions>();
            var errors = new ApiErrorFilter(ErrorStyle.Envelope, options);
            var auth = new AdminAuthFilter(options);
            return invocation => errors.InvokeAsync(invocation, inner => auth.InvokeAsync(inner, next));
        });
        admin.MapPost("/accounts", CreateAccount);
        admin.MapGet("/accounts", ListAccounts);
        admin.MapGet("/accounts/{id}", GetAccount);
        admin.MapPatch("/accounts/{id}", UpdateAccount);
        admin.MapPost("/tokens", CreateToken);
        admin.MapGet("/tokens", ListTokens);
        admin.MapDelete("/tokens/{id}", RevokeToken);
        return app;
    }

    private static async Task<IResult> CreateAccount(HttpRequest request, IAugurStore store, AugurServerOptions options, TimeProvider time)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        string id = String(body.RootElement, "id") ?? throw ApiException.BadInput("id is required.");
        if (!AccountIds.IsValid(id))
            throw ApiException.BadInput("id must be 1 to 64 letters, digits, '-' or '_'.");
        var account = new Account(id, Plan(body.RootElement) ?? AccountPlans.Free, DailyNeurons(body.RootElement), time.GetUtcNow());
        if (!await store.Accounts.CreateAsync(account, request.HttpContext.RequestAborted).ConfigureAwait(false))
            throw new ApiException(Conflict, $"The account {id} exists.");
        return Json(AdminAccount.From(account), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAccounts(IAugurStore store, HttpContext http) =>
        Json<IReadOnlyList<AdminAccount>>([.. (await store.Accounts.ListAsync(http.RequestAborted).ConfigureAwait(false)).Select(AdminAccount.From)]);

    private static async Task<IResult> GetAccount(string id, IAugurStore store, HttpContext http) =>
        Json(AdminAccount.From(await store.Accounts.GetAsync(id, http.RequestAborted).ConfigureAwait(false) ?? throw NoAccount(id)));

    private static async Task<IResult> UpdateAccount(string id, HttpRequest request, IAugurStore store, AugurServerOptions options)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        Account account = await store.Accounts.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NoAccount(id);
        Account updated = account with
        {
            Plan = Plan(body.RootElement) ?? account.Plan,
            DailyFreeNeurons = body.RootElement.TryGetProperty("daily_free_neurons", out _) ? DailyNeurons(body.RootElement) : account.DailyFreeNeurons,
        };
        await store.Accounts.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        return Json(AdminAccount.From(updated));
    }

    private static async Task<IResult> CreateToken(HttpRequest request, IAugurStore store, AugurServerOptions options, TimeProvider time)
    {
        using JsonDocument body = await RequestBody.ReadObjectAsync(request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        string account = String(body.RootElement, "account_id") ?? throw ApiException.BadInput("account_id is required.");
        IssuedToken issued;
        try
        {
            issued = await AccountAdministration.IssueTokenAsync(store, account, String(body.RootElement, "name") ?? "token",
                Plan(body.RootElement) ?? AccountPlans.Free, time.GetUtcNow(), request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadInput(e.Message);
        }
        return Json(AdminToken.From(issued.Stored, issued.Secret), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListTokens(HttpRequest request, IAugurStore store)
    {
        string? account = request.Query["account_id"];
        IReadOnlyList<StoredToken> tokens = await store.Tokens.ListAsync(string.IsNullOrEmpty(account) ? null : account, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Json<IReadOnlyList<AdminToken>>([.. tokens.Select(t => AdminToken.From(t))]);
    }

    private static async Task<IResult> RevokeToken(string id, IAugurStore store, TimeProvider time, HttpContext http)
    {
        if (!ApiTokens.IsId(id) || !await store.Tokens.RevokeAsync(id, null, time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false))
            throw new ApiException(NotFound, $"No valid token {id}.");
        StoredToken token = (await store.Tokens.FindAsync(id, http.RequestAborted).ConfigureAwait(false))!;
        return Json(AdminToken.From(token));
    }

    private static ApiException NoAccount(string id) => new(NotFound, $"No account {id}.");

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw ApiException.BadInput($"{name} must be a string.");
    }

    private static string? Plan(JsonElement root) =>
        String(root, "plan") is { } plan
            ? AccountPlans.IsValid(plan) ? plan : throw ApiException.BadInput("plan must be 'free' or 'paid'.")
            : null;

    private static double? DailyNeurons(JsonElement root)
    {
        if (!root.TryGetProperty("daily_free_neurons", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double neurons) && neurons >= 0 && double.IsFinite(neurons)
            ? neurons
            : throw ApiException.BadInput("daily_free_neurons must be a number >= 0, or null for the plan's default.");
    }

    private static IResult Json<T>(T result, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(Envelope<T>.Ok(result), (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Envelope<T>>)AccountsJsonContext.Relaxed.GetTypeInfo(typeof(Envelope<T>))!, statusCode: status);
}
