namespace Augur.Models.Hub;

/// <summary>Where the Hugging Face hub is and how to authenticate to it.</summary>
public sealed record HubOptions
{
    /// <summary>The public hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>The hub or a mirror of it (<c>HF_ENDPOINT</c>). Default <see cref="DefaultEndpoint"/>.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>An access token (<c>HF_TOKEN</c>), sent as a bearer token to the hub's own host only; null sends none.</summary>
    public string? Token { get; init; }

    /// <summary>Attempts per download: a transfer that breaks off is resumed where it stopped this many times in all. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The options from <c>HF_ENDPOINT</c> and <c>HF_TOKEN</c> (empty values count as unset).</summary>
    /// <exception cref="HubException"><c>HF_ENDPOINT</c> is not an absolute http(s) URL.</exception>
    public static HubOptions FromEnvironment()
    {
        string? endpoint = Environment.GetEnvironmentVariable("HF_ENDPOINT");
        string? token = Environment.GetEnvironmentVariable("HF_TOKEN");
        Uri uri = DefaultEndpoint;
        if (!string.IsNullOrWhiteSpace(endpoint)
            && (!Uri.TryCreate(endpoint.Trim().TrimEnd('/'), UriKind.Absolute, out uri!) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new HubException($"HF_ENDPOINT must be an http(s) URL, got '{endpoint}'");
        }
        return new HubOptions { Endpoint = uri, Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim() };
    }
}
