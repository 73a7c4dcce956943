namespace Augur.Server.Accounts;

/// <summary>Asks each source in turn (the configuration's tokens, then the store's); the first that knows the credentials wins.</summary>
public sealed class CompositeTokenStore(params IApiTokenStore[] sources) : IApiTokenStore
{
    private readonly IApiTokenStore[] _sources = [.. sources];

    public async ValueTask<ApiPrincipal?> AuthenticateAsync(ApiCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (IApiTokenStore source in _sources)
        {
            if (await source.AuthenticateAsync(credentials, cancellationToken).ConfigureAwait(false) is { } principal)
                return principal;
        }
        return null;
    }
}
