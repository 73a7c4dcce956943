using System.Security.Claims;
using Augur.Server.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Dashboard;

/// <summary>
/// Dashboard sessions: a login with an API token signs in a cookie naming the token's account. The token itself rides
/// in the (encrypted, HttpOnly) ticket so that each request checks it again: a revoked token ends its sessions at once.
/// </summary>
internal static class DashboardSession
{
    public const string AccountClaim = "augur:account";
    private const string TokenItem = ".augur.token";

    /// <summary>The signed-in account of a dashboard request (the endpoints require one).</summary>
    public static string AccountId(HttpContext http) =>
        http.User.FindFirstValue(AccountClaim) ?? throw new InvalidOperationException("The dashboard request has no signed-in account.");

    /// <summary>
    /// Marks the request as the signed-in account's, as the API filter does for a bearer token, so that the shared
    /// generation path meters it to that account.
    /// </summary>
    public static void ActAsAccount(HttpContext http) =>
        http.Items[typeof(ApiPrincipal)] = new ApiPrincipal(AccountId(http), http.User.FindFirstValue(ClaimTypes.Name) ?? "dashboard");

    /// <summary>Checks <paramref name="token"/> and signs its account in; false (and nothing set) when it authenticates no one.</summary>
    public static async Task<bool> SignInAsync(HttpContext http, string token)
    {
        IApiTokenStore tokens = http.RequestServices.GetRequiredService<IApiTokenStore>();
        ApiPrincipal? principal = string.IsNullOrWhiteSpace(token) ? null : await tokens.AuthenticateAsync(new ApiCredentials(token.Trim()), http.RequestAborted).ConfigureAwait(false);
        if (principal is null || principal.AccountId == ApiPrincipal.Development.AccountId)
            return false;
        var identity = new ClaimsIdentity(
            [new Claim(AccountClaim, principal.AccountId), new Claim(ClaimTypes.Name, principal.TokenName)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[TokenItem] = token.Trim();
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties).ConfigureAwait(false);
        return true;
    }

    /// <summary><c>POST /logout</c> (antiforgery-checked): ends the session and goes to the login page.</summary>
    public static void MapDashboardSession(this IEndpointRouteBuilder app) =>
        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
                return Results.BadRequest();
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        }).DisableAntiforgery(); // checked above, so that a stale form gets a plain 400

    public static CookieAuthenticationEvents CookieEvents() => new()
    {
        OnValidatePrincipal = async context =>
        {
            string? token = context.Properties.Items.TryGetValue(TokenItem, out string? t) ? t : null;
            IApiTokenStore tokens = context.HttpContext.RequestServices.GetRequiredService<IApiTokenStore>();
            ApiPrincipal? principal = token is null ? null : await tokens.AuthenticateAsync(new ApiCredentials(token), context.HttpContext.RequestAborted).ConfigureAwait(false);
            if (principal is null || principal.AccountId != context.Principal?.FindFirstValue(AccountClaim))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            }
        },
        OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments(DashboardSetup.ApiPrefix, StringComparison.Ordinal))
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            else
                context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        },
    };
}
