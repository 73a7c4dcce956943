using Augur.Cli.Tests;
using Augur.Models.Gguf;
using Augur.Tests.Common;

namespace Augur.Cli.Commands.Tests;

public class RunChatTests
{
    // A template that writes BOS itself and then the messages' text: "<s>" + system + user.
    private const string Template = "{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}";

    [Fact]
    public void Chat_renders_the_models_template_and_bos_is_not_doubled()
    {
        using var temp = new TempDirectory();
        string gguf = WriteStoriesWithTemplate(temp, Template);
        string expected = File.ReadAllText(TestModels.Stories260KExpected("greedy_prompt-Zoo_n60.txt"));

        // The rendered "<s>Zoo" must encode as BOS + "Zoo" exactly as a plain prompt does, so the reference text follows.
        var result = AugurProcess.Run("run", "--model", gguf, "--chat", "--prompt", "Zoo", "-n", "57", "--temp", "0", "--threads", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, "Zoo" + result.StandardOutput);
    }

    [Fact]
    public void Chat_needs_a_template_and_a_failing_template_is_reported()
    {
        using var temp = new TempDirectory();
        string plain = temp.File("plain.gguf");
        Assert.Equal(0, AugurProcess.Run("convert", "llama2c", "--model", TestModels.Stories260KBin,
            "--tokenizer", TestModels.Tok512Bin, "--out", plain).ExitCode);
        string raising = WriteStoriesWithTemplate(temp, "{{ raise_exception('only user turns') }}");
        string unsupported = WriteStoriesWithTemplate(temp, "{{ bos_token }}\n{% include 'turns.j2' %}");

        var noTemplate = AugurProcess.Run("run", "--model", plain, "--chat", "--prompt", "Hi");
        var failing = AugurProcess.Run("run", "--model", raising, "--chat", "--prompt", "Hi");
        var unusable = AugurProcess.Run("run", "--model", unsupported, "--chat", "--prompt", "Hi");
        var systemWithoutChat = AugurProcess.Run("run", "--model", plain, "--system", "Be brief", "--prompt", "Hi");

        Assert.Equal(2, noTemplate.ExitCode);
        Assert.Contains("no chat template", noTemplate.StandardError, StringComparison.Ordinal);
        Assert.Contains("run without --chat", noTemplate.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, unusable.ExitCode);
        Assert.Contains("unknown or unsupported statement 'include' (line 2, column 1)", unusable.StandardError, StringComparison.Ordinal);
        Assert.Contains("run without --chat", unusable.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, failing.ExitCode);
        Assert.Contains("only user turns", failing.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, systemWithoutChat.ExitCode);
    }

    private static string WriteStoriesWithTemplate(TempDirectory temp, string template)
    {
        string converted = temp.File($"converted-{Guid.NewGuid():N}.gguf"), withTemplate = temp.File($"chat-{Guid.NewGuid():N}.gguf");
        Assert.Equal(0, AugurProcess.Run("convert", "llama2c", "--model", TestModels.Stories260KBin,
            "--tokenizer", TestModels.Tok512Bin, "--out", converted).ExitCode);

        using GgufFile source = GgufFile.Open(converted);
        var writer = new GgufWriter().CopyMetadataFrom(source).Add(GgufKeys.TokenizerChatTemplate, template);
        foreach (GgufTensorInfo tensor in source.Tensors)
            writer.AddTensor(tensor.Name, tensor.Type, tensor.Dimensions, source.GetTensorData(tensor).ToArray());
        writer.Write(withTemplate);
        return withTemplate;
    }
}
