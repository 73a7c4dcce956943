using System.Globalization;
using Augur.Server.Json;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Errors;

/// <summary>How a group of routes writes its errors.</summary>
public enum ErrorStyle
{
    /// <summary>The v4 envelope with Workers AI codes (<c>/client/v4/…</c>).</summary>
    Envelope,

    /// <summary>OpenAI's <c>{"error": {…}}</c> (the plain <c>/v1/…</c> routes).</summary>
    OpenAi,
}

/// <summary>Turns an <see cref="ApiException"/> into the answer of a route's <see cref="ErrorStyle"/>.</summary>
internal static class ErrorResults
{
    public static IResult For(ApiException error, ErrorStyle style, int retryAfterSeconds) =>
        new ErrorResult(error, style, retryAfterSeconds);

    private sealed class ErrorResult(ApiException error, ErrorStyle style, int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            WorkersAiError kind = error.Error;
            HttpResponse response = httpContext.Response;
            if (kind == WorkersAiError.OutOfCapacity)
                response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            if (style == ErrorStyle.Envelope)
            {
                response.StatusCode = kind.Status;
                var body = new Envelope<object>(null, false, [new EnvelopeError(kind.Code, error.Message)], []);
                return response.WriteAsJsonAsync(body, ServerJson.Context.EnvelopeObject, contentType: null, httpContext.RequestAborted);
            }
            response.StatusCode = kind == WorkersAiError.NoSuchModel ? StatusCodes.Status404NotFound : kind.Status;
            var openAi = new OpenAiErrorBody(new OpenAiError(error.Message, kind.OpenAiType, null, kind.OpenAiCode));
            return response.WriteAsJsonAsync(openAi, ServerJson.Context.OpenAiErrorBody, contentType: null, httpContext.RequestAborted);
        }
    }
}
