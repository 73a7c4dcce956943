using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class RunStopTests
{
    [Fact]
    public void Stop_cuts_the_greedy_text_before_the_first_occurrence_of_a_stop_string()
    {
        // run.c's greedy "Zoo" text; augur prints what follows the prompt. Stop on a word from its middle.
        string generated = File.ReadAllText(TestModels.Stories260KExpected("greedy_prompt-Zoo_n60.txt"))["Zoo".Length..];
        string[] words = generated.Split([' ', '.', ','], StringSplitOptions.RemoveEmptyEntries);
        string word = words.Skip(words.Length / 2).First(w => w.Length >= 3);
        int at = generated.IndexOf(word, StringComparison.Ordinal);
        Assert.True(at > 0);

        var result = AugurProcess.Run("run", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin,
            "--prompt", "Zoo", "-n", "57", "--temp", "0", "--threads", "1", "--stop", "\n\n#", "--stop", word);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(generated[..at], result.StandardOutput);
        Assert.Contains("finish: stop", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_stops_are_a_usage_error()
    {
        var args = new List<string> { "run", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin };
        for (int i = 0; i <= 16; i++)
            args.AddRange(["--stop", $"s{i}"]);

        var result = AugurProcess.Run([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--stop", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--stop", "")]
    [InlineData("--prompt", "a", "--prompt", "b")]   // only --stop repeats
    [InlineData("--chat", "--chat")]
    public void Bad_stop_or_repeated_options_give_exit_code_2(params string[] extra)
    {
        var result = AugurProcess.Run(["run", "--model", TestModels.Stories260KBin, "--tokenizer", TestModels.Tok512Bin, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        Assert.StartsWith("augur: ", result.StandardError, StringComparison.Ordinal);
    }
}
