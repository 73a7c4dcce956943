using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace Augur.Bench;

/// <summary>
/// The report as a bar chart (ScottPlot 5): one panel per test (prefill, decode, batched when it ran), one bar per
/// engine at its median rate in tokens per second, labelled with the median and, where known, its share of the
/// roofline. An engine that cannot run a test gets no bar but the words "not supported yet".
/// </summary>
public static class BenchmarkChart
{
    /// <summary>Width of one panel, pixels.</summary>
    public const int PanelWidth = 420;

    /// <summary>Height of the chart, pixels.</summary>
    public const int Height = 420;

    /// <summary>
    /// Writes the chart to <paramref name="path"/>, as SVG or PNG after its extension (<c>.svg</c> or <c>.png</c>,
    /// either case), replacing any file there.
    /// </summary>
    /// <exception cref="ArgumentException">The extension is neither.</exception>
    public static void Write(BenchmarkReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        ChartFile.Extension(path);

        Plot[] panels = Panels(report);
        int width = PanelWidth * panels.Length;
        ChartFile.Write(path, width, Height, canvas => Render(panels, canvas));
    }

    private static void Render(Plot[] panels, SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Length; i++)
        {
            // A plot paints its background over the whole canvas: clip each to its own panel.
            canvas.Save();
            canvas.ClipRect(SKRect.Create(i * PanelWidth, 0, PanelWidth, Height));
            panels[i].Render(canvas, new PixelRect(i * PanelWidth, (i + 1) * PanelWidth, Height, 0));
            canvas.Restore();
        }
    }

    private static Plot[] Panels(BenchmarkReport report)
    {
        var panels = new List<Plot>
        {
            Panel(report, "prefill", $"prefill: {report.PromptTokens}-token prompt", e => e.Prefill, e => e.Shares?.PrefillPercentOfCompute,
                e => e.Shares?.ComputeCeiling),
            Panel(report, "decode", $"decode: batch 1, {report.DecodeTokens} tokens", e => e.Decode, e => e.Shares?.DecodePercentOfBandwidth, _ => "bandwidth"),
        };
        if (report.BatchSequences > 0)
        {
            panels.Add(Panel(report, "batched", $"batched: {report.BatchSequences} sequences, total", e => e.Batched,
                e => e.Shares?.BatchedPercentOfBandwidth, _ => "bandwidth"));
        }
        return [.. panels];
    }

    private static Plot Panel(
        BenchmarkReport report, string test, string title, Func<EngineResult, RateSummary?> rate, Func<EngineResult, double?> share, Func<EngineResult, string?> ceiling)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        double top = 0;
        for (int i = 0; i < report.Engines.Count; i++)
        {
            EngineResult engine = report.Engines[i];
            ticks.Add(new Tick(i, engine.Name));
            if (rate(engine) is not { } r)
                continue;
            top = Math.Max(top, double.IsFinite(r.Median) ? r.Median : 0);
            string label = share(engine) is { } percent
                ? string.Create(CultureInfo.InvariantCulture, $"{r.Median:G4} ({percent:F1}% of {ceiling(engine)})")
                : string.Create(CultureInfo.InvariantCulture, $"{r.Median:G4}");
            bars.Add(new Bar { Position = i, Value = double.IsFinite(r.Median) ? r.Median : 0, FillColor = palette.GetColor(i), Label = label });
        }

        if (bars.Count > 0)
            plot.Add.Bars(bars);
        double labelHeight = top > 0 ? top * 0.05 : 0.05;
        for (int i = 0; i < report.Engines.Count; i++)
        {
            EngineResult engine = report.Engines[i];
            if (rate(engine) is null)
                plot.Add.Text(engine.BatchedSupported || test != "batched" ? "n/a" : "not supported yet", i - 0.35, labelHeight);
        }

        plot.Title(title);
        plot.YLabel("tokens/s (median)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsX(-0.6, report.Engines.Count - 0.4);
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.15 : 1);
        return plot;
    }
}
