using System.Diagnostics;

namespace Augur.Cli;

/// <summary>
/// A one-line progress bar on stderr, drawn only when stderr is a terminal, so that pipes and logs stay clean.
/// Redraws at most ten times a second.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private readonly string _label;
    private readonly long _total;
    private readonly bool _enabled;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private long _done;

    public ProgressBar(string label, long total)
    {
        _label = label;
        _total = Math.Max(1, total);
        _enabled = !Console.IsErrorRedirected;
    }

    public void Advance(long amount = 1)
    {
        _done += amount;
        if (_enabled && (_sinceDraw.ElapsedMilliseconds >= 100 || _done >= _total))
        {
            Draw();
            _sinceDraw.Restart();
        }
    }

    /// <summary>Moves the bar to <paramref name="fraction"/> (0..1) of the total, for callbacks that report fractions.</summary>
    public void Report(double fraction) => Advance((long)(Math.Clamp(fraction, 0, 1) * _total) - _done);

    public void Dispose()
    {
        if (!_enabled)
            return;
        Draw();
        Console.Error.WriteLine();
    }

    private void Draw()
    {
        double fraction = Math.Clamp((double)_done / _total, 0, 1);
        int filled = (int)(fraction * Width);
        Console.Error.Write($"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0}");
    }
}
