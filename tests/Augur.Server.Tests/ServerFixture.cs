namespace Augur.Server.Tests;

/// <summary>One real server shared by the tests of a class that only read from it.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private AugurTestServer? _server;

    public AugurTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await AugurTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
