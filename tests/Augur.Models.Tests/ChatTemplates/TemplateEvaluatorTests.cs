namespace Augur.Models.ChatTemplates.Tests;

/// <summary>Loops, scoping, namespaces, macros, filters, tests and methods.</summary>
public sealed class TemplateEvaluatorTests
{
    private static string Render(string source) => TemplateSyntaxTests.Render(source);

    [Fact]
    public void LoopVariables()
    {
        Assert.Equal(
            "1:0:T:F:3|2:1:F:F:3|3:2:F:T:3|",
            Render("{% for x in ['a', 'b', 'c'] %}{{ loop.index }}:{{ loop.index0 }}:{{ 'T' if loop.first else 'F' }}:"
                + "{{ 'T' if loop.last else 'F' }}:{{ loop.length }}|{% endfor %}"));
    }

    [Fact]
    public void ForOverItems_WithFilter_AndElse()
    {
        Assert.Equal("a=1,c=3,", Render("{% for k, v in {'a': 1, 'b': 2, 'c': 3}.items() if k != 'b' %}{{ k }}={{ v }},{% endfor %}"));
        Assert.Equal("none", Render("{% for x in [] %}{{ x }}{% else %}none{% endfor %}"));
        Assert.Equal("0-1-2-", Render("{% for i in range(3) %}{{ i }}-{% endfor %}"));
    }

    [Fact]
    public void BreakAndContinue()
    {
        Assert.Equal(
            "1,3,|0-1-",
            Render("{% for i in range(10) %}{% if i is even %}{% continue %}{% endif %}{% if i > 4 %}{% break %}{% endif %}{{ i }},{% endfor %}|"
                + "{% for i in range(5) %}{% for j in range(5) %}{% if j > 0 %}{% break %}{% endif %}{{ i }}-{% endfor %}{% if i == 1 %}{% break %}{% endif %}{% endfor %}"));
    }

    [Fact]
    public void SetInsideLoop_DoesNotLeak_NamespaceDoes()
    {
        Assert.Equal(
            "0|3",
            Render("{% set count = 0 %}{% set ns = namespace(count=0) %}{% for x in [1, 2, 3] %}{% set count = count + 1 %}"
                + "{% set ns.count = ns.count + 1 %}{% endfor %}{{ count }}|{{ ns.count }}"));
        Assert.Equal("inner", Render("{% if true %}{% set x = 'inner' %}{% endif %}{{ x }}"));
    }

    [Fact]
    public void Macros_WithDefaults_AndSetBlocks()
    {
        Assert.Equal(
            "<a:1><b:2>|captured",
            Render("{% macro tag(name, value=2) %}<{{ name }}:{{ value }}>{% endmacro %}{{ tag('a', 1) }}{{ tag(name='b') }}|"
                + "{% set block %}captured{% endset %}{{ block }}"));
    }

    [Theory]
    [InlineData("{{ '  x  ' | trim }}|{{ 'abc' | length }}|{{ [1, 2] | length }}|{{ 'aBc' | upper }}{{ 'aBc' | lower }}", "x|3|2|ABCabc")]
    [InlineData("{{ 'hello world' | capitalize }}|{{ 'hello world' | title }}|{{ nope | default('d') }}|{{ '' | default('e', true) }}", "Hello world|Hello World|d|e")]
    [InlineData("{{ [1, 2, 3] | join(', ') }}|{{ [1, 2, 3] | first }}|{{ [1, 2, 3] | last }}|{{ 'ab' | list }}", "1, 2, 3|1|3|['a', 'b']")]
    [InlineData("{% for k, v in {'a': 1} | items %}{{ k }}{{ v }}{% endfor %}|{{ 5 | string }}|{{ 'a-b-c' | replace('-', '+') }}|{{ '<b>' | safe }}", "a1|5|a+b+c|<b>")]
    [InlineData("{{ [3, 1, 2] | reverse | list }}|{{ ['a', 'b', 'a'] | unique | list }}|{{ -3 | abs }}|{{ '42' | int + 1 }}", "[2, 1, 3]|['a', 'b']|3|43")]
    [InlineData("{{ msgs | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}", "u1,u2")]
    [InlineData("{{ msgs | rejectattr('role', 'equalto', 'user') | list | length }}|{{ [0, 1, 2] | select | list }}", "1|[1, 2]")]
    [InlineData("{{ 'a\\nb' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}", "a\n  b|  a\n  b")]
    public void Filters(string source, string expected)
    {
        object?[] msgs =
        [
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u1" },
            new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = "a1" },
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u2" },
        ];

        string text = ChatTemplate.Parse(source).Render(new ChatTemplateContext
        {
            Messages = [],
            Variables = new Dictionary<string, object?> { ["msgs"] = msgs },
        });

        Assert.Equal(expected, text);
    }

    [Fact]
    public void ToJson_PythonSeparators_Indent_AndEscapes()
    {
        const string Source = "{{ v | tojson }}|{{ v | tojson(indent=2) }}|{{ 'é\"\\\\\\n' | tojson }}|{{ [] | tojson(indent=2) }}";
        var v = new Dictionary<string, object?> { ["a"] = 1, ["b"] = new object?[] { true, null, 1.5, "x" } };

        string text = ChatTemplate.Parse(Source).Render(new ChatTemplateContext
        {
            Messages = [],
            Variables = new Dictionary<string, object?> { ["v"] = v },
        });

        Assert.Equal(
            "{\"a\": 1, \"b\": [true, null, 1.5, \"x\"]}|{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null,\n    1.5,\n    \"x\"\n  ]\n}|\"é\\\"\\\\\\n\"|[]",
            text);
    }

    [Theory]
    [InlineData("{{ x is defined }}{{ y is defined }}{{ none is none }}{{ x is not none }}", "TrueFalseTrueTrue")]
    [InlineData("{{ 's' is string }}{{ 1 is string }}{{ {} is mapping }}{{ [] is mapping }}{{ 's' is iterable }}{{ 1 is iterable }}", "TrueFalseTrueFalseTrueFalse")]
    [InlineData("{{ 4 is even }}{{ 4 is odd }}{{ 9 is divisibleby 3 }}{{ 1 is number }}{{ 1.5 is float }}{{ false is boolean }}", "TrueFalseTrueTrueTrueTrue")]
    public void Tests(string source, string expected)
    {
        string text = ChatTemplate.Parse(source).Render(new ChatTemplateContext
        {
            Messages = [],
            Variables = new Dictionary<string, object?> { ["x"] = 1 },
        });

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("{{ '  a b  '.strip() }}|{{ 'xxaxx'.lstrip('x') }}|{{ 'xxaxx'.rstrip('x') }}", "a b|axx|xxa")]
    [InlineData("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith(('x', 'c')) }}{{ 'abc'.upper() }}{{ 'ABC'.lower() }}", "TrueTrueABCabc")]
    [InlineData("{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'a-b-c'.replace('-', '', 1) }}|{{ 'user'.title() }}", "['a', 'b', '', 'c']|['a', 'b']|ab-c|User")]
    [InlineData("{{ d.keys() | list }}{{ d.values() | list }}{{ d.get('a') }}{{ d.get('z', 'none') }}{{ d['a'] }}{{ d.a }}", "['a'][1]1none11")]
    [InlineData("{{ '</think>' in s }}|{{ s.split('</think>')[-1].lstrip('\\n') }}", "True|answer")]
    public void Methods(string source, string expected)
    {
        string text = ChatTemplate.Parse(source).Render(new ChatTemplateContext
        {
            Messages = [],
            Variables = new Dictionary<string, object?> { ["d"] = new Dictionary<string, object?> { ["a"] = 1 }, ["s"] = "thinking</think>\nanswer" },
        });

        Assert.Equal(expected, text);
    }

    [Fact]
    public void StrftimeNow_ReadsTheContextClock()
    {
        string text = ChatTemplate.Parse("{{ strftime_now('%d %b %Y|%Y-%m-%d %H:%M:%S|%A %B %y %%') }}").Render(new ChatTemplateContext
        {
            Messages = [],
            Now = new DateTimeOffset(2024, 7, 6, 13, 5, 9, TimeSpan.Zero),
        });

        Assert.Equal("06 Jul 2024|2024-07-06 13:05:09|Saturday July 24 %", text);
    }

    [Fact]
    public void JsonElementTools_AreAccepted()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""[{"type": "function", "function": {"name": "f", "n": 2.50}}]""");
        var tools = document.RootElement.EnumerateArray().Select(e => (object?)e.Clone()).ToList();

        string text = ChatTemplate.Parse("{% for t in tools %}{{ t.function.name }}:{{ t | tojson }}{% endfor %}").Render(new ChatTemplateContext
        {
            Messages = [],
            Tools = tools,
        });

        Assert.Equal("f:{\"type\": \"function\", \"function\": {\"name\": \"f\", \"n\": 2.5}}", text);
    }
}
