using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>The filters (<c>value | name(args)</c>) chat templates use, with Hugging Face's <c>tojson</c>.</summary>
internal static class TemplateFilters
{
    public static object? Apply(TemplateEvaluator evaluator, string name, object? value, CallArguments args)
    {
        int maxItems = evaluator.Options.MaxSteps;
        switch (name)
        {
            case "trim":
                return args.Get(0, "chars") is string chars ? Str(value).Trim(chars.ToCharArray()) : Str(value).Trim();
            case "length" or "count":
                return value switch
                {
                    string s => (long)s.Length,
                    List<object?> list => (long)list.Count,
                    OrderedDictionary<string, object?> dict => (long)dict.Count,
                    RangeValue range => range.Count,
                    null or Undefined => 0L,
                    _ => throw new TemplateException($"object of type {TemplateValue.TypeName(value)} has no length"),
                };
            case "tojson":
                int? indent = args.Get(0, "indent") switch
                {
                    long l => (int)Math.Clamp(l, 0, 64),
                    null => null,
                    var other => throw new TemplateException($"tojson: indent must be an integer, got {TemplateValue.TypeName(other)}"),
                };
                return TemplateJson.Serialize(value, indent, evaluator.Options.MaxOutputLength);
            case "upper":
                return Str(value).ToUpperInvariant();
            case "lower":
                return Str(value).ToLowerInvariant();
            case "capitalize":
                return TemplateMethods.Capitalize(Str(value));
            case "title":
                return TemplateMethods.Title(Str(value));
            case "default" or "d":
                bool boolean = TemplateValue.IsTruthy(args.Get(1, "boolean", false));
                bool useDefault = value is Undefined || (boolean && !TemplateValue.IsTruthy(value));
                return useDefault ? args.Get(0, "default_value", "") : value;
            case "join":
                List<object?> joined = TemplateValue.Iterate(value, maxItems);
                if (args.Get(1, "attribute") is object attribute)
                {
                    joined = joined.ConvertAll(item => Attribute(evaluator, item, attribute));
                }
                return Join(evaluator, joined, args.Get(0, "d", "") is string separator ? separator : Str(args.Get(0, "d")));
            case "first":
                return TemplateValue.Iterate(value, maxItems) is { Count: > 0 } firstItems ? firstItems[0] : Undefined.Instance;
            case "last":
                return TemplateValue.Iterate(value, maxItems) is { Count: > 0 } lastItems ? lastItems[^1] : Undefined.Instance;
            case "list":
                return new List<object?>(TemplateValue.Iterate(value, maxItems));
            case "reverse":
                if (value is string text)
                {
                    char[] reversed = text.ToCharArray();
                    Array.Reverse(reversed);
                    return new string(reversed);
                }
                var items = new List<object?>(TemplateValue.Iterate(value, maxItems));
                items.Reverse();
                return items;
            case "items":
                return value switch
                {
                    OrderedDictionary<string, object?> dict => dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList(),
                    null or Undefined => new List<object?>(),
                    _ => throw new TemplateException($"items: expected a mapping, got {TemplateValue.TypeName(value)}"),
                };
            case "string":
                return Str(value);
            case "safe":
                return value;
            case "replace":
                return TemplateMethods.Replace(evaluator, Str(value), args);
            case "int":
                return ToInt(value, args.Get(0, "default", 0L));
            case "float":
                return value switch
                {
                    long or double or bool => TemplateValue.ToDouble(value),
                    string s when double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out double d) => d,
                    _ => args.Get(0, "default", 0.0),
                };
            case "abs":
                return value switch
                {
                    long l => (object)Math.Abs(l),
                    double d => Math.Abs(d),
                    _ => throw new TemplateException($"abs: expected a number, got {TemplateValue.TypeName(value)}"),
                };
            case "indent":
                return Indent(Str(value), args);
            case "map":
                return Map(evaluator, TemplateValue.Iterate(value, maxItems), args);
            case "select" or "reject":
                return Select(TemplateValue.Iterate(value, maxItems), args, attribute: null, keep: name == "select");
            case "selectattr" or "rejectattr":
                object? attributeName = args.Required(0, "attribute");
                return Select(TemplateValue.Iterate(value, maxItems), Shift(args), attributeName, keep: name == "selectattr", evaluator);
            case "unique":
                var unique = new List<object?>();
                foreach (object? item in TemplateValue.Iterate(value, maxItems))
                {
                    if (!unique.Exists(u => TemplateValue.Equals(u, item)))
                    {
                        unique.Add(item);
                    }
                }
                return unique;
            default:
                throw new TemplateException($"unknown filter '{name}'") { Unsupported = true };
        }
    }

    private static string Str(object? value) => TemplateValue.ToStr(value);

    public static string Join(TemplateEvaluator evaluator, List<object?> items, string separator)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            sb.Append(i > 0 ? separator : "").Append(TemplateValue.ToStr(items[i]));
            evaluator.CheckLength(sb.Length);
        }
        return sb.ToString();
    }

    private static object? ToInt(object? value, object? fallback) => value switch
    {
        long l => l,
        bool b => b ? 1L : 0L,
        double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 9e18 => (long)Math.Truncate(d),
        string s when long.TryParse(s.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long l) => l,
        _ => fallback,
    };

    private static string Indent(string text, CallArguments args)
    {
        string prefix = args.Get(0, "width", 4L) is long width ? new string(' ', (int)Math.Clamp(width, 0, 256)) : Str(args.Get(0, "width"));
        bool first = TemplateValue.IsTruthy(args.Get(1, "first", false));
        bool blank = TemplateValue.IsTruthy(args.Get(2, "blank", false));
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if ((i > 0 || first) && (blank || lines[i].Length > 0))
            {
                lines[i] = prefix + lines[i];
            }
        }
        return string.Join('\n', lines);
    }

    private static object? Attribute(TemplateEvaluator evaluator, object? item, object? attribute)
    {
        foreach (string part in Str(attribute).Split('.'))
        {
            item = long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long index) ? TemplateEvaluator.GetItem(item, index) : evaluator.GetAttribute(item, part) switch
            {
                TemplateCallable => TemplateEvaluator.GetItem(item, part),
                var v => v,
            };
        }
        return item;
    }

    private static List<object?> Map(TemplateEvaluator evaluator, List<object?> items, CallArguments args)
    {
        if (args.Named.TryGetValue("attribute", out object? attribute))
        {
            object? fallback = args.Named.TryGetValue("default", out object? d) ? d : Undefined.Instance;
            return items.ConvertAll(item => Attribute(evaluator, item, attribute) is Undefined ? fallback : Attribute(evaluator, item, attribute));
        }
        string filter = Str(args.Required(0, "filter"));
        CallArguments rest = Shift(args);
        return items.ConvertAll(item => Apply(evaluator, filter, item, rest));
    }

    private static List<object?> Select(List<object?> items, CallArguments args, object? attribute, bool keep, TemplateEvaluator? evaluator = null)
    {
        string? test = args.Positional.Count > 0 ? Str(args.Positional[0]) : null;
        CallArguments testArgs = Shift(args);
        return items.FindAll(item =>
        {
            object? subject = attribute is null ? item : Attribute(evaluator!, item, attribute);
            bool passed = test is null ? TemplateValue.IsTruthy(subject) : TemplateTests.Apply(test, subject, testArgs);
            return passed == keep;
        });
    }

    private static CallArguments Shift(CallArguments args) =>
        new(args.Positional.Count > 0 ? args.Positional.Skip(1).ToList() : [], args.Named, args.Function);
}
