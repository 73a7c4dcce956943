namespace Augur.Models.ChatTemplates.Tests;

/// <summary>Whitespace control, trim_blocks/lstrip_blocks, literals and operators.</summary>
public sealed class TemplateSyntaxTests
{
    internal static string Render(string source, object? variables = null, ChatTemplateOptions? options = null) =>
        ChatTemplate.Parse(source, options).Render(new ChatTemplateContext
        {
            Messages = [],
            Variables = variables as IReadOnlyDictionary<string, object?>,
        });

    [Theory]
    [InlineData("a  {{- 'b' -}}  c", "abc")]
    [InlineData("a \n {%- if true -%} \n b \n {%- endif -%} \n c", "abc")]
    [InlineData("a {#- comment -#} b", "ab")]
    [InlineData("a {# comment #} b", "a  b")]
    [InlineData("{{ 'x' }}\n{{ 'y' }}", "x\ny")]
    public void WhitespaceControl(string source, string expected)
    {
        Assert.Equal(expected, Render(source));
    }

    [Fact]
    public void TrimAndLstripBlocks_AsHuggingFaceSetsThem()
    {
        const string Source = "<ul>\n    {% for x in [1, 2] %}\n    <li>{{ x }}</li>\n    {% endfor %}\n</ul>\n";

        string hf = Render(Source);
        string plain = Render(Source, options: new ChatTemplateOptions { TrimBlocks = false, LstripBlocks = false });

        Assert.Equal("<ul>\n    <li>1</li>\n    <li>2</li>\n</ul>", hf);
        Assert.Equal("<ul>\n    \n    <li>1</li>\n    \n    <li>2</li>\n    \n</ul>", plain);
    }

    [Fact]
    public void PlusDisablesLstripAndTrim()
    {
        Assert.Equal("  \nx", Render("  {%+ if true +%}\nx\n{%- endif %}\n\n"));
    }

    [Theory]
    [InlineData("{{ 'a\\nb\\t\\'c\\u00e9' }}", "a\nb\t'cé")]
    [InlineData("{{ \"double\" 'adjacent' }}", "doubleadjacent")]
    [InlineData("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 / 2 }} {{ -7 % 3 }} {{ 2 ** 10 }}", "3 -4 3.5 2 1024")]
    [InlineData("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2.0 * 2 }}", "7 9 4.0")]
    [InlineData("{{ 'a' ~ 1 ~ none ~ true }} {{ 'ab' + 'cd' }} {{ 'ab' * 3 }}", "a1NoneTrue abcd ababab")]
    [InlineData("{{ [1, 'a', none, true] }} {{ {'k': 'v', 'n': 1.5} }}", "[1, 'a', None, True] {'k': 'v', 'n': 1.5}")]
    [InlineData("{{ 1 < 2 and 'b' > 'a' }} {{ not 1 == 1.0 }} {{ 'a' in 'cat' }} {{ 3 not in [1, 2] }}", "True False True True")]
    [InlineData("{{ 'yes' if none else 'no' }} {{ 0 or 'fallback' }} {{ 'x' and 'y' }}", "no fallback y")]
    [InlineData("{{ True }} {{ False }} {{ None }} {{ true == True }}", "True False None True")]
    public void Expressions(string source, string expected)
    {
        Assert.Equal(expected, Render(source));
    }

    [Theory]
    [InlineData("{{ xs[1:] }}", "[2, 3, 4]")]
    [InlineData("{{ xs[:-1] }}", "[1, 2, 3]")]
    [InlineData("{{ xs[::-1] }}", "[4, 3, 2, 1]")]
    [InlineData("{{ xs[::2] }} {{ xs[-2] }} {{ xs[10] is defined }}", "[1, 3] 3 False")]
    [InlineData("{{ 'hello'[1:3] }} {{ 'hello'[::-1] }} {{ 'hello'[-1] }}", "el olleh o")]
    [InlineData("{{ xs[5:1] }} {{ xs[-100:100] }}", "[] [1, 2, 3, 4]")]
    public void Slicing(string source, string expected)
    {
        var variables = new Dictionary<string, object?> { ["xs"] = new[] { 1, 2, 3, 4 } };

        Assert.Equal(expected, Render(source, variables));
    }

    [Fact]
    public void UndefinedIsEmptyAndFalsy_AndAttributeChainsDoNotCrash()
    {
        // Deliberately more lenient than Jinja's default Undefined, which raises on an attribute of an undefined value.
        Assert.Equal("[][]False|True", Render("[{{ nope }}][{{ nope.a.b['c'] }}]{{ nope is defined }}|{{ none.x is undefined }}"));
        Assert.Equal("empty", Render("{% for x in nope %}x{% else %}empty{% endfor %}"));
    }
}
