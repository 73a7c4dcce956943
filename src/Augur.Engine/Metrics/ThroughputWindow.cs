using System.Diagnostics;

namespace Augur.Engine.Metrics;

/// <summary>
/// Prefill and decode tokens per second over the last <see cref="Window"/> of steps: a ring of per-step records,
/// written by the engine thread, read by metric collectors and statistics under a lock.
/// </summary>
internal sealed class ThroughputWindow
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly (long At, int Prefill, int Decode)[] _steps = new (long, int, int)[256];
    private readonly Lock _lock = new();
    private int _next, _count;

    public void Record(long timestamp, int prefillTokens, int decodeTokens)
    {
        lock (_lock)
        {
            _steps[_next] = (timestamp, prefillTokens, decodeTokens);
            _next = (_next + 1) % _steps.Length;
            _count = Math.Min(_count + 1, _steps.Length);
        }
    }

    /// <summary>Tokens per second since the oldest step in the window (at least one second back).</summary>
    public (double Prefill, double Decode) Rates()
    {
        long now = Stopwatch.GetTimestamp();
        long since = now - (long)(Window.TotalSeconds * Stopwatch.Frequency);
        long prefill = 0, decode = 0, oldest = now;
        lock (_lock)
        {
            for (int i = 0; i < _count; i++)
            {
                var (at, p, d) = _steps[(_next - 1 - i + _steps.Length) % _steps.Length];
                if (at < since)
                    break;
                prefill += p;
                decode += d;
                oldest = at;
            }
        }
        double seconds = Math.Max(Stopwatch.GetElapsedTime(oldest, now).TotalSeconds, 1.0);
        return (prefill / seconds, decode / seconds);
    }
}
