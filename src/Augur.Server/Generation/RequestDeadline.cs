using System.Runtime.CompilerServices;
using Augur.Engine;
using Augur.Engine.Requests;
using Augur.Server.Errors;

namespace Augur.Server.Generation;

/// <summary>
/// The server's time limit on one generation: a token that cancels it when the client goes away or when the limit
/// passes, and a pass-through of its events that turns a cancellation by the limit (not by the client) into 3007.
/// </summary>
internal sealed class RequestDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _client;

    private RequestDeadline(CancellationToken client, TimeSpan limit, TimeProvider time)
    {
        _client = client;
        Limit = limit;
        if (limit <= TimeSpan.Zero)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(client);
            return;
        }
        _timeout = new CancellationTokenSource(limit, time);
        _source = CancellationTokenSource.CreateLinkedTokenSource(client, _timeout.Token);
    }

    /// <summary>The limit; zero means none.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled when the client disconnects or the limit passes: the token to submit the generation with.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True once the limit cancelled the generation while the client was still there.</summary>
    public bool Expired => _timeout is { IsCancellationRequested: true } && !_client.IsCancellationRequested;

    /// <summary>Starts the clock of <paramref name="time"/>; a <paramref name="limit"/> of zero (or less) means no limit.</summary>
    public static RequestDeadline Start(CancellationToken client, TimeSpan limit, TimeProvider time) => new(client, limit, time);

    /// <summary>
    /// Passes <paramref name="events"/> through; when the generation ends cancelled because the limit passed, throws
    /// 3007 instead of yielding that end. Disposes this deadline when the enumeration ends.
    /// </summary>
    public async IAsyncEnumerable<GenerationEvent> WatchAsync(IAsyncEnumerable<GenerationEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using (this)
        {
            await foreach (GenerationEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (e is GenerationCompleted { FinishReason: FinishReason.Cancelled } && Expired)
                    throw new ApiException(WorkersAiError.Timeout, $"Request timeout: the generation ran past the server's limit of {Limit.TotalSeconds:0.###} s.");
                yield return e;
            }
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        _timeout?.Dispose();
    }
}
