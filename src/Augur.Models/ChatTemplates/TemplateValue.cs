using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augur.Models.ChatTemplates;

/// <summary>
/// Python-flavoured semantics over the template's value model: null (none), <see cref="Undefined"/>, bool, long, double,
/// string, <c>List&lt;object?&gt;</c>, <c>OrderedDictionary&lt;string, object?&gt;</c>, <see cref="RangeValue"/>,
/// <see cref="Namespace"/>, <see cref="LoopInfo"/> and <see cref="TemplateCallable"/>.
/// </summary>
internal static class TemplateValue
{
    public static bool IsTruthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        OrderedDictionary<string, object?> dict => dict.Count > 0,
        RangeValue range => range.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new TemplateException($"expected a number, got {TypeName(value)}"),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "none",
        Undefined => "undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "string",
        List<object?> => "list",
        OrderedDictionary<string, object?> => "dict",
        RangeValue => "range",
        Namespace => "namespace",
        TemplateCallable => "function",
        _ => "object",
    };

    /// <summary>Python's <c>str(value)</c>, with undefined as "".</summary>
    public static string ToStr(object? value) => value switch
    {
        string s => s,
        null => "None",
        Undefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c>.</summary>
    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value, 0);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? value, int depth)
    {
        if (depth > 100)
        {
            throw new TemplateException("value nested too deeply to print");
        }
        switch (value)
        {
            case string s:
                char quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
                sb.Append(quote);
                foreach (char c in s)
                {
                    _ = c switch
                    {
                        '\\' => sb.Append(@"\\"),
                        '\n' => sb.Append(@"\n"),
                        '\r' => sb.Append(@"\r"),
                        '\t' => sb.Append(@"\t"),
                        _ when c == quote => sb.Append('\\').Append(c),
                        _ => sb.Append(c),
                    };
                }
                sb.Append(quote);
                break;
            case List<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    sb.Append(i > 0 ? ", " : "");
                    AppendRepr(sb, list[i], depth + 1);
                }
                sb.Append(']');
                break;
            case OrderedDictionary<string, object?> dict:
                sb.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, object?> pair in dict)
                {
                    sb.Append(first ? "" : ", ");
                    first = false;
                    AppendRepr(sb, pair.Key, depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, pair.Value, depth + 1);
                }
                sb.Append('}');
                break;
            case RangeValue range:
                sb.Append(CultureInfo.InvariantCulture, $"range({range.Start}, {range.Stop}, {range.Step})");
                break;
            case Namespace:
                sb.Append("<Namespace>");
                break;
            case TemplateCallable callable:
                sb.Append(CultureInfo.InvariantCulture, $"<function {callable.Name}>");
                break;
            default:
                sb.Append(ToStr(value));
                break;
        }
    }

    /// <summary>Python's float repr: shortest round-trip digits, always with a '.' or exponent.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.Floor(d) && Math.Abs(d) < 1e16)
        {
            return d.ToString("F1", CultureInfo.InvariantCulture);
        }
        string text = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text;
    }

    public static new bool Equals(object? a, object? b)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (a is Undefined || b is Undefined)
        {
            return a is Undefined && b is Undefined;
        }
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            return a is long la && b is long lb ? la == lb : ToDouble(a) == ToDouble(b);
        }
        switch (a)
        {
            case string sa:
                return b is string sb && sa == sb;
            case List<object?> listA when b is List<object?> listB:
                if (listA.Count != listB.Count)
                {
                    return false;
                }
                for (int i = 0; i < listA.Count; i++)
                {
                    if (!Equals(listA[i], listB[i]))
                    {
                        return false;
                    }
                }
                return true;
            case OrderedDictionary<string, object?> dictA when b is OrderedDictionary<string, object?> dictB:
                if (dictA.Count != dictB.Count)
                {
                    return false;
                }
                foreach (KeyValuePair<string, object?> pair in dictA)
                {
                    if (!dictB.TryGetValue(pair.Key, out object? other) || !Equals(pair.Value, other))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return ReferenceEquals(a, b) || (a is RangeValue ra && ra.Equals(b));
        }
    }

    public static int Compare(object? a, object? b)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (IsNumber(a) && IsNumber(b))
        {
            return a is long la && b is long lb ? la.CompareTo(lb) : ToDouble(a).CompareTo(ToDouble(b));
        }
        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb);
        }
        if (a is List<object?> listA && b is List<object?> listB)
        {
            for (int i = 0; i < Math.Min(listA.Count, listB.Count); i++)
            {
                int c = Compare(listA[i], listB[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return listA.Count.CompareTo(listB.Count);
        }
        throw new TemplateException($"cannot compare {TypeName(a)} with {TypeName(b)}");
    }

    /// <summary>The items a for loop or filter iterates: list items, dict keys, string chars, range values.</summary>
    public static List<object?> Iterate(object? value, int maxItems) => value switch
    {
        List<object?> list => list,
        null or Undefined => [],
        OrderedDictionary<string, object?> dict => [.. dict.Keys],
        string s => [.. EnumerateChars(s)],
        RangeValue range => range.Count > maxItems
            ? throw new TemplateException($"range of {range.Count} items exceeds the limit of {maxItems} steps")
            : [.. EnumerateRange(range)],
        _ => throw new TemplateException($"{TypeName(value)} is not iterable"),
    };

    private static IEnumerable<object?> EnumerateChars(string s)
    {
        foreach (char c in s)
        {
            yield return c.ToString();
        }
    }

    private static IEnumerable<object?> EnumerateRange(RangeValue range)
    {
        for (long i = 0; i < range.Count; i++)
        {
            yield return range[i];
        }
    }

    /// <summary>Converts a caller's JSON-like value into the template's value model.</summary>
    public static object? FromJsonLike(object? value, int depth = 0)
    {
        if (depth > 64)
        {
            throw new TemplateException("input value nested deeper than 64 levels");
        }
        switch (value)
        {
            case null:
                return null;
            case string or bool or long or double:
                return value;
            case int or short or sbyte or byte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case float or decimal:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case JsonElement element:
                return FromJsonElement(element, depth);
            case JsonNode node:
                using (var document = JsonDocument.Parse(node.ToJsonString()))
                {
                    return FromJsonElement(document.RootElement, depth);
                }
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    dict[pair.Key] = FromJsonLike(pair.Value, depth + 1);
                }
                return dict;
            case IEnumerable items:
                var list = new List<object?>();
                foreach (object? item in items)
                {
                    list.Add(FromJsonLike(item, depth + 1));
                }
                return list;
            default:
                throw new TemplateException($"unsupported input value of type {value.GetType().Name}");
        }
    }

    private static object? FromJsonElement(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJsonLike(property.Value, depth + 1);
                }
                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    list.Add(FromJsonLike(item, depth + 1));
                }
                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out long l) ? l : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
