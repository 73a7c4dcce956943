using System.Diagnostics;

namespace Augur.Models.ChatTemplates.Tests;

/// <summary>Hostile or broken templates fail fast with <see cref="TemplateException"/>: no hang, no stack overflow, no huge allocation.</summary>
public sealed class ChatTemplateLimitsTests
{
    private static string Render(string source, ChatTemplateOptions? options = null) =>
        ChatTemplate.Parse(source, options).Render(new ChatTemplateContext { Messages = [] });

    private static TemplateException AssertFailsFast(Func<string> render)
    {
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<TemplateException>(() => render());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        return e;
    }

    [Fact]
    public void EndlessLoop_HitsTheStepLimit()
    {
        TemplateException e = AssertFailsFast(() => Render("{% for i in range(10**9) %}{% endfor %}"));

        Assert.Contains("1000000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoopWithinStepBudget_IsFine_ButNestedLoopsAreCounted()
    {
        Assert.Equal(1000, Render("{% for i in range(1000) %}x{% endfor %}").Length);

        AssertFailsFast(() => Render("{% for i in range(5000) %}{% for j in range(5000) %}{% endfor %}{% endfor %}"));
    }

    [Fact]
    public void UnboundedOutput_HitsTheOutputLimit()
    {
        var options = new ChatTemplateOptions { MaxOutputLength = 10_000 };

        TemplateException loop = AssertFailsFast(() => Render("{% for i in range(100000) %}0123456789{% endfor %}", options));
        AssertFailsFast(() => Render("{{ 'x' * 10**12 }}"));
        AssertFailsFast(() => Render("{% set ns = namespace(s='ab') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}{% endfor %}"));

        Assert.Contains("10000", loop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsAParseError_NotAStackOverflow()
    {
        string parens = new string('(', 100_000) + "1" + new string(')', 100_000);
        string ifs = string.Concat(Enumerable.Repeat("{% if true %}", 10_000)) + string.Concat(Enumerable.Repeat("{% endif %}", 10_000));

        AssertFailsFast(() => Render("{{ " + parens + " }}"));
        AssertFailsFast(() => Render(ifs));
        AssertFailsFast(() => Render("{{ " + string.Concat(Enumerable.Repeat("not ", 100_000)) + "x }}"));
    }

    [Fact]
    public void DeepRuntimeRecursion_FailsCleanly()
    {
        string longChain = "{{ " + string.Join(" + ", Enumerable.Repeat("1", 100_000)) + " }}";
        const string DeepValue =
            "{% set ns = namespace(x=[]) %}{% for i in range(100000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x == ns.x }}";

        AssertFailsFast(() => Render(longChain));
        AssertFailsFast(() => Render(DeepValue));
        AssertFailsFast(() => Render(DeepValue.Replace("ns.x == ns.x", "ns.x", StringComparison.Ordinal)));
    }

    [Fact]
    public void RecursiveMacro_HitsTheDepthLimit()
    {
        TemplateException e = AssertFailsFast(() => Render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"));

        Assert.Contains("deeper than 100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RaiseException_CarriesTheTemplatesMessage()
    {
        var e = Assert.Throws<TemplateException>(() => Render("before{{ raise_exception('x') }}after"));

        Assert.Equal("x", e.Message);
        Assert.True(e.RaisedByTemplate);
    }

    [Theory]
    [InlineData("{% if true %}never closed", 1)]
    [InlineData("line one\n{{ 'unclosed'", 2)]
    [InlineData("{% for x in xs %}\n{% endif %}", 2)]
    [InlineData("ok\n\n{# comment", 3)]
    [InlineData("{{ 1 + }}", 1)]
    [InlineData("{% include 'file.j2' %}", 1)]
    [InlineData("{{ 'x\" }}", 1)]
    [InlineData("{% if true %}\n{% break %}{% endif %}", 2)]
    public void ParseErrors_HaveLineAndColumn(string source, int line)
    {
        var e = Assert.Throws<TemplateException>(() => ChatTemplate.Parse(source));

        Assert.Equal(line, e.Line);
        Assert.True(e.Column >= 1);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ 1 // 0 }}")]
    [InlineData("{{ 'a' + 1 }}")]
    [InlineData("{{ undefined_function() }}")]
    [InlineData("{{ 9223372036854775807 + 1 }}")]
    [InlineData("{{ 5 | nosuchfilter }}")]
    [InlineData("{{ 5 is nosuchtest }}")]
    [InlineData("{% set x = 1 %}{% set x.y = 2 %}")]
    public void RuntimeErrors_AreTemplateExceptions_WithTheFailingLine(string source)
    {
        var e = Assert.Throws<TemplateException>(() => Render("line one\r\n{% if true %}\n" + source + "{% endif %}"));

        Assert.Equal(3, e.Line);
        Assert.False(e.RaisedByTemplate);
    }
}
