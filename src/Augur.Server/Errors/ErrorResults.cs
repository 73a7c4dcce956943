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

    /// <summary>The style of the route serving <paramref name="http"/>, as its <see cref="ApiErrorFilter"/> noted it; the envelope when none did.</summary>
    public static ErrorStyle StyleOf(HttpContext http) =>
        http.Items.TryGetValue(typeof(ErrorStyle), out object? style) && style is ErrorStyle known ? known : ErrorStyle.Envelope;

    /// <summary>The v4 envelope of a failure: <c>{"result":null,"success":false,"errors":[{code,message}],"messages":[]}</c>.</summary>
    public static Envelope<object> EnvelopeBody(ApiException error) =>
        new(null, false, [new EnvelopeError(error.Error.Code, error.Message)], []);

    /// <summary>OpenAI's <c>{"error":{message,type,param,code}}</c>.</summary>
    public static OpenAiErrorBody OpenAiBody(ApiException error) =>
        new(new OpenAiError(error.Message, error.Error.OpenAiType, null, error.Error.OpenAiCode));

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
                return response.WriteAsJsonAsync(EnvelopeBody(error), ServerJson.Context.EnvelopeObject, contentType: null, httpContext.RequestAborted);
            }
            response.StatusCode = kind == WorkersAiError.NoSuchModel ? StatusCodes.Status404NotFound : kind.Status;
            return response.WriteAsJsonAsync(OpenAiBody(error), ServerJson.Context.OpenAiErrorBody, contentType: null, httpContext.RequestAborted);
        }
    }
}
