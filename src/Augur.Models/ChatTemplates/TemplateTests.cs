namespace Augur.Models.ChatTemplates;

/// <summary>Jinja's tests: <c>x is defined</c>, <c>x is not none</c>, <c>x is string</c>, <c>x is mapping</c>…</summary>
internal static class TemplateTests
{
    public static bool Apply(string name, object? value, CallArguments args) => name switch
    {
        "defined" => value is not Undefined,
        "undefined" => value is Undefined,
        "none" => value is null,
        "string" => value is string,
        "number" => value is long or double,
        "integer" => value is long,
        "float" => value is double,
        "boolean" => value is bool,
        "true" => value is true,
        "false" => value is false,
        "mapping" => value is OrderedDictionary<string, object?> or Namespace,
        "iterable" => value is string or List<object?> or OrderedDictionary<string, object?> or RangeValue,
        "sequence" => value is string or List<object?> or OrderedDictionary<string, object?> or RangeValue,
        "callable" => value is TemplateCallable,
        "even" => Integer(value, name) % 2 == 0,
        "odd" => Integer(value, name) % 2 != 0,
        "divisibleby" => Integer(args.Required(0, "num"), name) switch
        {
            0 => false,
            long n => Integer(value, name) % n == 0,
        },
        "eq" or "equalto" or "==" => TemplateValue.Equals(value, args.Required(0, "other")),
        "ne" or "!=" => !TemplateValue.Equals(value, args.Required(0, "other")),
        "lt" or "lessthan" or "<" => TemplateValue.Compare(value, args.Required(0, "other")) < 0,
        "gt" or "greaterthan" or ">" => TemplateValue.Compare(value, args.Required(0, "other")) > 0,
        "le" or "<=" => TemplateValue.Compare(value, args.Required(0, "other")) <= 0,
        "ge" or ">=" => TemplateValue.Compare(value, args.Required(0, "other")) >= 0,
        "sameas" => SameAs(value, args.Required(0, "other")),
        "in" => Contains(args.Required(0, "seq"), value),
        "lower" => value is string s && s == s.ToLowerInvariant(),
        "upper" => value is string u && u == u.ToUpperInvariant(),
        _ => throw new TemplateException($"unknown test '{name}'") { Unsupported = true },
    };

    private static long Integer(object? value, string test) =>
        value is long l ? l : throw new TemplateException($"test '{test}' needs an integer, got {TemplateValue.TypeName(value)}");

    private static bool SameAs(object? a, object? b) => a switch
    {
        null => b is null,
        bool x => b is bool y && x == y,
        long or double or string => TemplateValue.Equals(a, b) && a.GetType() == b?.GetType(),
        _ => ReferenceEquals(a, b),
    };

    private static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub && s.Contains(sub, StringComparison.Ordinal),
        List<object?> list => list.Exists(x => TemplateValue.Equals(x, item)),
        OrderedDictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        _ => false,
    };
}
