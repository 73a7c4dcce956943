using Augur.Engine.Requests;

namespace Augur.Bench.Serving;

/// <summary>What one submitted request produced: its generated tokens and its final event.</summary>
public sealed record RequestOutcome(int[] Tokens, GenerationCompleted Completed)
{
    /// <summary>Reads <paramref name="events"/> to the end.</summary>
    /// <exception cref="InvalidOperationException">The stream ended without a <see cref="GenerationCompleted"/>.</exception>
    public static async Task<RequestOutcome> Collect(IAsyncEnumerable<GenerationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var tokens = new List<int>();
        await foreach (GenerationEvent e in events.ConfigureAwait(false))
        {
            switch (e)
            {
                case GenerationDelta delta:
                    tokens.AddRange(delta.Tokens);
                    break;
                case GenerationCompleted completed:
                    return new RequestOutcome([.. tokens], completed);
            }
        }
        throw new InvalidOperationException("The event stream ended without a completed event.");
    }

    /// <summary>The usage of the request.</summary>
    public GenerationUsage Usage => Completed.Usage;
}
