using System.Text.Json.Serialization;

namespace Augur.Server.Json;

/// <summary>Cloudflare's v4 envelope: <c>{result, success, errors, messages}</c>, on every JSON answer of the Workers AI routes.</summary>
public sealed record Envelope<T>(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] T? Result,
    bool Success,
    IReadOnlyList<EnvelopeError> Errors,
    IReadOnlyList<EnvelopeError> Messages)
{
    /// <summary>A successful envelope around <paramref name="result"/>.</summary>
    public static Envelope<T> Ok(T result) => new(result, true, [], []);
}

/// <summary>An entry of an envelope's <c>errors</c> (or <c>messages</c>).</summary>
public sealed record EnvelopeError(int Code, string Message);

/// <summary>A paged envelope (<c>models/search</c>): the envelope plus <c>result_info</c>.</summary>
public sealed record PagedEnvelope<T>(IReadOnlyList<T> Result, bool Success, IReadOnlyList<EnvelopeError> Errors, IReadOnlyList<EnvelopeError> Messages, ResultInfo ResultInfo);

/// <summary>Where a page sits: <c>count</c> is the page's length, <c>total_count</c> all matches.</summary>
public sealed record ResultInfo(int Page, int PerPage, int Count, int TotalCount);
