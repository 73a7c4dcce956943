namespace Augur.Models.ChatTemplates.Tests;

/// <summary>The one entry point for a model's template: renders, or says clearly why the model's template is unusable.</summary>
public sealed class ModelChatTemplateTests
{
    private static readonly ChatTemplateContext Hello = new() { Messages = [new("user", "Hello")], AddGenerationPrompt = true };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t")]
    public void NoTemplate_IsUnavailable_AndPointsToRawPrompts(string? source)
    {
        var e = Assert.Throws<ChatTemplateUnavailableException>(() => ModelChatTemplate.Render(source, Hello));

        Assert.Contains("no chat template", e.Message, StringComparison.Ordinal);
        Assert.Contains("raw prompt", e.Message, StringComparison.Ordinal);
        Assert.False(e.RaisedByTemplate);
        Assert.Null(e.InnerException);
    }

    [Theory]
    [InlineData("ok\n{% include 'header.j2' %}", "unknown or unsupported statement 'include'", 2)]
    [InlineData("{% for m in messages recursive %}{% endfor %}", "recursive loops are not supported", 1)]
    [InlineData("{{ 'x' }}\n\n{{ messages | dictsort }}", "unknown filter 'dictsort'", 3)]
    [InlineData("{% if messages[0] is nosuchtest %}{% endif %}", "unknown test 'nosuchtest'", 1)]
    [InlineData("{% for m in messages %}\n{{ m.content.zfill(3) }}{% endfor %}", "'zfill' is undefined, not a function", 2)]
    [InlineData("{{ messages[0]['content'] ", "unclosed tag '{{'", 1)]
    public void UnsupportedOrBrokenTemplate_IsUnavailable_NamingTheConstructAndItsLine(string source, string construct, int line)
    {
        var e = Assert.Throws<ChatTemplateUnavailableException>(() => ModelChatTemplate.Render(source, Hello));

        Assert.Contains("cannot be used", e.Message, StringComparison.Ordinal);
        Assert.Contains(construct, e.Message, StringComparison.Ordinal);
        Assert.Contains($"(line {line}, column ", e.Message, StringComparison.Ordinal);
        Assert.Contains("raw prompt", e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
        Assert.IsType<TemplateException>(e.InnerException);
    }

    [Fact]
    public void TemplateThatRaises_SurfacesItsMessage_AndIsNotUnavailable()
    {
        ModelChatTemplate gemma = ModelChatTemplate.Load(TestConversations.Load("gemma").Source);
        ChatTemplateContext withSystem = new() { Messages = [new("system", "Be brief"), new("user", "Hello")], AddGenerationPrompt = true };

        var e = Assert.Throws<TemplateException>(() => gemma.Render(withSystem));

        Assert.IsNotType<ChatTemplateUnavailableException>(e);
        Assert.True(e.RaisedByTemplate);
        Assert.Equal("System role not supported", e.Message);
    }

    [Fact]
    public void RuntimeFailureOfASupportedConstruct_IsATemplateException_NotUnavailable()
    {
        var e = Assert.Throws<TemplateException>(() => ModelChatTemplate.Render("{{ messages[0].content + 1 }}", Hello));

        Assert.IsNotType<ChatTemplateUnavailableException>(e);
        Assert.False(e.Unsupported);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void UsableTemplate_Renders_AndCanBeReused()
    {
        ModelChatTemplate qwen = ModelChatTemplate.Load(TestConversations.Load("qwen2").Source);

        string first = qwen.Render(Hello);
        string second = qwen.Render(Hello with { AddGenerationPrompt = false });

        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", first);
        Assert.Equal("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n", second);
    }
}
