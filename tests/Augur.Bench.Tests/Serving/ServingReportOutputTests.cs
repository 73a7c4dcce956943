using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Augur.Tests.Common;

namespace Augur.Bench.Serving.Tests;

public sealed class ServingReportOutputTests(ServingModelsFixture models) : IClassFixture<ServingModelsFixture>
{
    [Fact]
    public async Task Every_report_runs_and_its_json_lines_table_and_chart_are_well_formed()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options with { PrefixRounds = 1, WarmupRounds = 0 };

        ServingReport report = await ServingBenchmark.RunAsync(models.TinyGguf, options, models.TinyGguf.Path);

        List<JsonElement> lines = [.. ServingJsonLines.Lines(report).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["run", "prefixCache", "concurrency", "concurrency", "concurrency", "concurrency", "interference", "chat"],
            lines.Select(l => l.GetProperty("kind").GetString()));
        JsonElement run = lines[0];
        Assert.Equal(ServingJsonLines.Schema, run.GetProperty("schema").GetInt32());
        Assert.Equal("F16", run.GetProperty("model").GetProperty("weightType").GetString());
        Assert.Equal(448, run.GetProperty("settings").GetProperty("prefixTokens").GetInt32());
        Assert.Equal("All", run.GetProperty("settings").GetProperty("reports").GetString());
        Assert.True(lines[1].GetProperty("speedup").GetDouble() > 0);
        Assert.Equal(448, lines[1].GetProperty("cachedPromptTokens").GetInt32());
        Assert.All(lines.Skip(2).Take(4), l => Assert.True(l.GetProperty("decodeTokensPerSecond").GetDouble() > 0));
        Assert.Equal(6, lines[6].GetProperty("loaded").GetProperty("count").GetInt32());
        JsonElement chat = lines[7];
        Assert.True(chat.GetProperty("hitRate").GetDouble() <= chat.GetProperty("theoreticalHitRate").GetDouble());

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        ServingTable.Write(report, text);
        string table = text.ToString();
        foreach (string heading in (string[])["prefix cache (448-token prefix", "concurrency (5-token prompts", "interference (6 interactive", "multi-turn chat (3 conversations"])
            Assert.Contains(heading, table, StringComparison.Ordinal);
        Assert.Contains("ours/theirs", table, StringComparison.Ordinal);

        using var directory = new TempDirectory();
        ServingChart.Write(report.Concurrency!, report.Model, directory.File("sweep.svg"));
        ServingChart.Write(report.Concurrency!, report.Model, directory.File("sweep.png"));
        Assert.Equal("svg", XDocument.Load(directory.File("sweep.svg")).Root!.Name.LocalName);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(directory.File("sweep.png"))[..4]);
        Assert.Throws<ArgumentException>(() => ServingChart.Write(report.Concurrency!, report.Model, directory.File("sweep.jpg")));
    }

    [Fact]
    public async Task Only_the_selected_reports_run()
    {
        ServingBenchmarkOptions options = ServingModelsFixture.Options with { Reports = ServingReports.Chat };

        ServingReport report = await ServingBenchmark.RunAsync(models.Stories260K, options);

        Assert.Null(report.PrefixCache);
        Assert.Null(report.Concurrency);
        Assert.Null(report.Interference);
        Assert.NotNull(report.Chat);
        Assert.Equal(["run", "chat"], ServingJsonLines.Lines(report).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Counts_that_do_not_fit_the_context_are_refused_before_anything_runs()
    {
        // stories260K has a 512-token context.
        ServingBenchmarkOptions options = ServingModelsFixture.Options with { Reports = ServingReports.PrefixCache, PrefixTokens = 2000 };

        await Assert.ThrowsAsync<ArgumentException>(() => ServingBenchmark.RunAsync(models.Stories260K, options));
    }
}
