using System.Security.Cryptography;
using Augur.Server.Errors;
using Augur.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Accounts;

/// <summary>
/// Lets through only requests bearing the admin token (<see cref="AugurServerOptions.AdminToken"/>), compared as
/// SHA-256 hashes in constant time. Without an admin token configured, every request is refused.
/// </summary>
internal sealed class AdminAuthFilter(AugurServerOptions options) : IEndpointFilter
{
    private readonly byte[]? _hash = options.AdminToken is { } token ? ApiTokens.Hash(token) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string? authorization = context.HttpContext.Request.Headers.Authorization;
        const string bearer = "Bearer ";
        bool allowed = _hash is not null
            && authorization is not null
            && authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(ApiTokens.Hash(authorization[bearer.Length..].Trim()), _hash);
        if (!allowed)
            throw new ApiException(WorkersAiError.Unauthenticated, "Authentication error");
        return await next(context).ConfigureAwait(false);
    }
}
