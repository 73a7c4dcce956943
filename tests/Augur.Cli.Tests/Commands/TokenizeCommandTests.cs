using Augur.Cli.Tests;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class TokenizeCommandTests
{
    [Fact]
    public void Ids_are_the_llama2_tokenization_with_bos()
    {
        // README §4.5 gives the Llama 2 ids of this text without BOS; the GGUF's vocabulary adds BOS (1).
        var result = AugurProcess.Run("tokenize", "--model", TestModels.Llama2TinyRandomGguf, "--text", "Hello world! 1234", "--ids");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1 15043 3186 29991 29871 29896 29906 29941 29946", result.StandardOutput.Trim());
    }

    [Fact]
    public void Pieces_are_listed_one_per_line_and_specials_need_parse_special()
    {
        var plain = AugurProcess.Run("tokenize", "--model", TestModels.Llama2TinyRandomGguf, "--text", "<s>Hi");
        var special = AugurProcess.Run("tokenize", "--model", TestModels.Llama2TinyRandomGguf, "--text", "<s>Hi", "--parse-special");

        Assert.Equal(0, plain.ExitCode);
        string[] lines = plain.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^\s+1 '<s>'$", lines[0]);
        Assert.DoesNotMatch(@"^\s+1 '<s>'$", lines[1]);  // the text "<s>" is not BOS
        string[] specialLines = special.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^\s+1 '<s>'$", specialLines[1]); // with --parse-special it is
    }

    [Fact]
    public void A_missing_text_is_a_usage_error()
    {
        var result = AugurProcess.Run("tokenize", "--model", TestModels.Llama2TinyRandomGguf);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--text", result.StandardError, StringComparison.Ordinal);
    }
}
