using System.Xml.Linq;
using Augur.Tests.Common;
using SkiaSharp;

namespace Augur.Bench.Tests;

public class BenchmarkChartTests
{
    [Fact]
    public void An_svg_chart_is_well_formed_xml_with_a_panel_per_test_and_the_engine_names()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "chart.svg");

        BenchmarkChart.Write(SampleReports.TwoEngines(), path);

        XDocument svg = XDocument.Load(path);
        XElement root = svg.Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal(3 * BenchmarkChart.PanelWidth, int.Parse(root.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        string text = string.Concat(root.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        foreach (string expected in new[] { "augur", "llama.cpp", "prefill", "decode", "batched", "not supported yet" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_chart_decodes_to_an_image_of_the_chart_size()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "chart.PNG");

        BenchmarkChart.Write(SampleReports.TwoEngines(batchSequences: 0), path);

        using SKBitmap? bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(2 * BenchmarkChart.PanelWidth, bitmap.Width);
        Assert.Equal(BenchmarkChart.Height, bitmap.Height);
        // Every panel has its own coloured bars (gray, black and white have equal channels): none paints over another.
        for (int panel = 0; panel < 2; panel++)
        {
            int left = panel * BenchmarkChart.PanelWidth;
            Assert.Contains(Enumerable.Range(left, BenchmarkChart.PanelWidth),
                x => Enumerable.Range(0, bitmap.Height).Any(y => bitmap.GetPixel(x, y) is var c && c.Red != c.Blue));
        }
    }

    [Fact]
    public void Another_extension_is_refused_and_nothing_is_written()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "chart.jpg");

        Assert.Throws<ArgumentException>(() => BenchmarkChart.Write(SampleReports.TwoEngines(), path));
        Assert.False(File.Exists(path));
    }
}
