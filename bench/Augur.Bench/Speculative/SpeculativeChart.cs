using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace Augur.Bench.Speculative;

/// <summary>
/// The report as a chart (ScottPlot 5), one panel per view that has data: the drafters (model and n-gram) as pairs of
/// bars, measured and predicted speedup; and for the replay drafters, speedup against α with one line per draft length
/// and speedup against the draft length with one line per requested α, measured solid and predicted (Leviathan et al.)
/// dashed with open markers in the same colour. A grey line marks 1× (plain decoding). SkiaSharp's SVG writer does not
/// support dash patterns and draws those lines solid; PNG keeps them.
/// </summary>
public static class SpeculativeChart
{
    /// <summary>Width and height of one panel, pixels.</summary>
    public const int PanelWidth = 520, Height = 440;

    /// <summary>Writes the chart to <paramref name="path"/>, SVG or PNG after its extension.</summary>
    /// <exception cref="ArgumentException">The extension is neither, or the report has no drafter.</exception>
    public static void Write(SpeculativeReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        ChartFile.Extension(path);
        List<Plot> panels = Panels(report);
        if (panels.Count == 0)
            throw new ArgumentException("The report has no drafter to chart.", nameof(report));

        int width = PanelWidth * panels.Count;
        ChartFile.Write(path, width, Height, canvas => Render(panels, canvas));
    }

    private static void Render(List<Plot> panels, SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            canvas.Save();
            canvas.ClipRect(SKRect.Create(i * PanelWidth, 0, PanelWidth, Height));
            panels[i].Render(canvas, new PixelRect(i * PanelWidth, (i + 1) * PanelWidth, Height, 0));
            canvas.Restore();
        }
    }

    private static List<Plot> Panels(SpeculativeReport report)
    {
        var panels = new List<Plot>();
        List<DrafterResult> real = report.Drafters.Where(d => d.Kind != DrafterKind.Replay).ToList();
        List<DrafterResult> replay = report.Drafters.Where(d => d.Kind == DrafterKind.Replay && d.RequestedAcceptance is not null).ToList();
        string model = Path.GetFileNameWithoutExtension(report.Model.Path);
        if (real.Count > 0)
            panels.Add(Bars(real, $"{model}: speedup over plain decode"));
        if (replay.Count > 0)
        {
            panels.Add(Lines(replay, d => d.DraftTokens, d => d.Acceptance, "α (measured acceptance)", "γ", "replay drafter: speedup vs α"));
            panels.Add(Lines(replay, d => d.RequestedAcceptance!.Value, d => d.DraftTokens, "draft length γ", "α", "replay drafter: speedup vs γ"));
        }
        return panels;
    }

    private static Plot Bars(List<DrafterResult> drafters, string title)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        double top = 1;
        for (int i = 0; i < drafters.Count; i++)
        {
            DrafterResult d = drafters[i];
            ticks.Add(new Tick(3 * i + 0.5, d.Name));
            bars.Add(new Bar { Position = 3 * i, Value = d.Speedup, FillColor = Colors.C0, Label = F($"{d.Speedup:F2}×") });
            bars.Add(new Bar { Position = 3 * i + 1, Value = d.PredictedSpeedup, FillColor = Colors.C1, Label = F($"{d.PredictedSpeedup:F2}×") });
            top = Math.Max(top, Math.Max(d.Speedup, d.PredictedSpeedup));
        }
        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Dotted);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "measured", FillColor = Colors.C0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "predicted (measured α, c)", FillColor = Colors.C1 });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title(title);
        plot.YLabel("speedup (× plain tok/s)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsX(-1, 3 * drafters.Count - 0.5);
        plot.Axes.SetLimitsY(0, top * 1.25);
        return plot;
    }

    /// <summary>One line per value of <paramref name="series"/>, measured and predicted speedup against <paramref name="x"/>.</summary>
    private static Plot Lines(List<DrafterResult> drafters, Func<DrafterResult, double> series, Func<DrafterResult, double> x, string xLabel, string seriesName, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double top = 1;
        int colour = 0;
        foreach (IGrouping<double, DrafterResult> group in drafters.GroupBy(series).OrderBy(g => g.Key))
        {
            DrafterResult[] points = [.. group.OrderBy(x)];
            double[] xs = [.. points.Select(x)];
            Color color = palette.GetColor(colour++);
            var measured = plot.Add.Scatter(xs, points.Select(d => d.Speedup).ToArray(), color);
            measured.LegendText = F($"{seriesName} = {group.Key:G3}, measured");
            measured.MarkerSize = 7;
            measured.LineWidth = 2;
            var predicted = plot.Add.Scatter(xs, points.Select(d => d.PredictedSpeedup).ToArray(), color);
            predicted.LegendText = "  predicted";
            predicted.LinePattern = LinePattern.Dashed;
            predicted.MarkerSize = 7;
            predicted.MarkerShape = MarkerShape.OpenCircle; // told apart by the markers too: the SVG writer draws dashes solid
            predicted.LineWidth = 1;
            top = Math.Max(top, points.Max(d => Math.Max(d.Speedup, d.PredictedSpeedup)));
        }
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Dotted);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("speedup (× plain tok/s)");
        plot.Axes.SetLimitsY(0, top * 1.3);
        return plot;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
