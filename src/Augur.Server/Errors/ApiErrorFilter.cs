using Augur.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Errors;

/// <summary>
/// Catches <see cref="ApiException"/>s of a group's handlers and answers them in the group's style. Once a stream has
/// started there is no status left to set: the handler ends its stream itself, with an error event in the style this
/// filter notes in the request's items (<see cref="ErrorResults.StyleOf"/>).
/// </summary>
internal sealed class ApiErrorFilter(ErrorStyle style, AugurServerOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Items[typeof(ErrorStyle)] = style;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (ApiException e) when (!context.HttpContext.Response.HasStarted)
        {
            return ErrorResults.For(e, style, options.RetryAfterSeconds);
        }
    }
}
