using System.Globalization;
using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class BenchBatchCommandTests
{
    [Theory]
    [InlineData("bench-batch")]                                                     // no model
    [InlineData("bench-batch", "--model", "m.gguf", "--items", "0")]
    [InlineData("bench-batch", "--model", "m.gguf", "--output-tokens", "none")]
    [InlineData("bench-batch", "--model", "m.gguf", "--clients", "1,8")]           // bench-http's, not ours
    [InlineData("bench-batch", "--shape", "base-110m")]                              // no --type
    public void Bad_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var result = AugurProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public void Tiny_run_reports_the_three_modes_and_both_ttft_series()
    {
        var result = AugurProcess.Run("bench-batch", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--threads", "1", "--items", "6", "--output-tokens", "5", "--interactive", "3", "--interactive-tokens", "3", "--background-items", "40", "--kv-mib", "8");

        Assert.True(result.ExitCode == 0, result.StandardError);
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimStart()).ToArray();
        foreach (string mode in (string[])["async batch", "one at a time", "all at once"])
        {
            string[] row = Assert.Single(lines, l => l.StartsWith(mode, StringComparison.Ordinal))[mode.Length..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("6", row[0]);                                                            // items
            Assert.InRange(double.Parse(row[^1], CultureInfo.InvariantCulture), 0.001, 1e9);      // output tok/s
        }
        Assert.Single(lines, l => l.StartsWith("no batch", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("batch running", StringComparison.Ordinal));
        Assert.Contains("bench-batch: TTFT, batch running", result.StandardError, StringComparison.Ordinal);
    }
}
