using System.Net;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Accounts;

/// <summary>
/// Authenticates a group's requests (<c>Authorization: Bearer</c>, or <c>X-Auth-Key</c> + <c>X-Auth-Email</c>) and, on
/// routes with an <c>{account_id}</c>, checks that the token belongs to that account. Every refusal says only
/// "Authentication error", so that nothing tells which accounts exist.
/// </summary>
internal sealed class ApiAuthFilter(IApiTokenStore store, AugurServerOptions options) : IEndpointFilter
{
    /// <summary>The route value naming the account.</summary>
    public const string AccountRouteValue = "account_id";

    private const string Message = "Authentication error";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        ApiPrincipal principal = await AuthenticateAsync(http).ConfigureAwait(false);
        if (http.Request.RouteValues.TryGetValue(AccountRouteValue, out object? account) && !principal.CanAccess(account as string ?? ""))
            throw new ApiException(WorkersAiError.Forbidden, Message);
        http.Items[typeof(ApiPrincipal)] = principal;
        return await next(context).ConfigureAwait(false);
    }

    private async ValueTask<ApiPrincipal> AuthenticateAsync(HttpContext http)
    {
        if (options.DevNoAuth)
        {
            // Start-up allows this mode only on loopback addresses; each request is checked again all the same.
            IPAddress? remote = http.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote))
                throw new ApiException(WorkersAiError.Unauthenticated, Message);
            return ApiPrincipal.Development;
        }

        ApiCredentials? credentials = ReadCredentials(http.Request.Headers);
        ApiPrincipal? principal = credentials is null ? null : await store.AuthenticateAsync(credentials, http.RequestAborted).ConfigureAwait(false);
        return principal ?? throw new ApiException(WorkersAiError.Unauthenticated, Message);
    }

    private static ApiCredentials? ReadCredentials(IHeaderDictionary headers)
    {
        string? authorization = headers.Authorization;
        const string bearer = "Bearer ";
        if (authorization is not null && authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            string token = authorization[bearer.Length..].Trim();
            return token.Length > 0 ? new ApiCredentials(token) : null;
        }
        string? key = headers["X-Auth-Key"], email = headers["X-Auth-Email"];
        return !string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(email) ? new ApiCredentials(key, email) : null;
    }
}
