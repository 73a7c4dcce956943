namespace Augur.Models;

/// <summary>Turns bytes done out of a known total into a fraction for a progress callback (never above 1).</summary>
internal sealed class ProgressTracker(Action<double>? progress, long totalBytes)
{
    private long _done;

    public void Advance(long bytes)
    {
        _done += bytes;
        progress?.Invoke(totalBytes <= 0 ? 1.0 : Math.Min(1.0, (double)_done / totalBytes));
    }
}
