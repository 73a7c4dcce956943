using System.Globalization;
using ScottPlot;

namespace Augur.Bench.Serving;

/// <summary>
/// The concurrency sweep as a line chart (ScottPlot 5): aggregate decode tokens per second against concurrent
/// sequences (a log₂ axis), one line per engine, each point labelled with its rate.
/// </summary>
public static class ServingChart
{
    /// <summary>Size of the chart, pixels.</summary>
    public const int Width = 720, Height = 480;

    /// <summary>Writes the chart of <paramref name="result"/> for <paramref name="model"/> to <paramref name="path"/> (<c>.svg</c> or <c>.png</c>), replacing any file there.</summary>
    /// <exception cref="ArgumentException">The extension is neither, or the sweep has no point.</exception>
    public static void Write(ConcurrencyResult result, ModelSummary model, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        string extension = ChartFile.Extension(path);
        if (result.Points.Count == 0)
            throw new ArgumentException("The sweep has no point to draw.", nameof(result));

        Plot plot = Build(result, model);
        if (extension == ".svg")
            plot.SaveSvg(path, Width, Height);
        else
            plot.SavePng(path, Width, Height);
    }

    private static Plot Build(ConcurrencyResult result, ModelSummary model)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string[] engines = [.. result.Points.Select(p => p.Engine).Distinct()];
        double top = 0;
        for (int e = 0; e < engines.Length; e++)
        {
            ConcurrencyPoint[] points = [.. result.Points.Where(p => p.Engine == engines[e]).OrderBy(p => p.Sequences)];
            double[] xs = [.. points.Select(p => Math.Log2(p.Sequences))];
            double[] ys = [.. points.Select(p => double.IsFinite(p.DecodeTokensPerSecond) ? p.DecodeTokensPerSecond : 0)];
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(e));
            line.LegendText = engines[e];
            line.MarkerSize = 7;
            line.LineWidth = 2;
            for (int i = 0; i < xs.Length; i++)
            {
                var label = plot.Add.Text(ys[i].ToString(ys[i] >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture), xs[i], ys[i]);
                label.LabelFontColor = palette.GetColor(e);
                label.LabelFontSize = 11;
            }
            top = Math.Max(top, ys.Max());
        }

        int[] levels = [.. result.Points.Select(p => p.Sequences).Distinct().Order()];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. levels.Select(n => new Tick(Math.Log2(n), n.ToString(CultureInfo.InvariantCulture)))]);
        plot.Axes.SetLimitsX(Math.Log2(levels[0]) - 0.3, Math.Log2(levels[^1]) + 0.5);
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.15 : 1);
        plot.Title($"decode throughput vs concurrency: {Path.GetFileName(model.Path)}");
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"concurrent sequences ({result.PromptTokens}-token prompts, {result.DecodeTokens} tokens each)"));
        plot.YLabel("aggregate decode tokens/s");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
