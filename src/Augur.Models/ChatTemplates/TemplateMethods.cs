using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>The Python methods templates call on strings (<c>s.strip()</c>, <c>s.split(',')</c>…) and dicts (<c>d.items()</c>…).</summary>
internal static class TemplateMethods
{
    public static TemplateCallable? ForDict(OrderedDictionary<string, object?> dict, string name) => name switch
    {
        "items" => new(name, _ => dict.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()),
        "keys" => new(name, _ => dict.Keys.Select(k => (object?)k).ToList()),
        "values" => new(name, _ => dict.Values.ToList()),
        "get" => new(name, a => a.Required(0, "key") is string key && dict.TryGetValue(key, out object? v) ? v : a.Get(1, "default")),
        _ => null,
    };

    public static TemplateCallable? ForString(TemplateEvaluator evaluator, string s, string name) => name switch
    {
        "strip" => new(name, a => Chars(a) is string c ? s.Trim(c.ToCharArray()) : s.Trim()),
        "lstrip" => new(name, a => Chars(a) is string c ? s.TrimStart(c.ToCharArray()) : s.TrimStart()),
        "rstrip" => new(name, a => Chars(a) is string c ? s.TrimEnd(c.ToCharArray()) : s.TrimEnd()),
        "upper" => new(name, _ => s.ToUpperInvariant()),
        "lower" => new(name, _ => s.ToLowerInvariant()),
        "title" => new(name, _ => Title(s)),
        "capitalize" => new(name, _ => Capitalize(s)),
        "startswith" => new(name, a => Affix(a.Required(0, "prefix"), p => s.StartsWith(p, StringComparison.Ordinal))),
        "endswith" => new(name, a => Affix(a.Required(0, "suffix"), p => s.EndsWith(p, StringComparison.Ordinal))),
        "split" => new(name, a => Split(s, a.Get(0, "sep"), a.Get(1, "maxsplit", -1L) is long m ? m : -1)),
        "replace" => new(name, a => Replace(evaluator, s, a)),
        "join" => new(name, a => TemplateFilters.Join(evaluator, TemplateValue.Iterate(a.Required(0, "iterable"), evaluator.Options.MaxSteps), s)),
        "count" => new(name, a => a.Required(0, "sub") is string sub && sub.Length > 0
            ? (long)((s.Length - s.Replace(sub, "", StringComparison.Ordinal).Length) / sub.Length)
            : (long)(s.Length + 1)),
        "find" => new(name, a => (long)s.IndexOf(TemplateValue.ToStr(a.Required(0, "sub")), StringComparison.Ordinal)),
        _ => null,
    };

    private static string? Chars(CallArguments a) => a.Get(0, "chars") as string;

    private static bool Affix(object? affix, Func<string, bool> test) => affix switch
    {
        string s => test(s),
        List<object?> options => options.Exists(o => o is string s && test(s)),
        _ => throw new TemplateException($"startswith/endswith takes a string or a tuple of strings, got {TemplateValue.TypeName(affix)}"),
    };

    public static string Replace(TemplateEvaluator evaluator, string s, CallArguments a)
    {
        string old = TemplateValue.ToStr(a.Required(0, "old"));
        string replacement = TemplateValue.ToStr(a.Required(1, "new"));
        long count = a.Get(2, "count", -1L) is long c ? c : -1;
        if (old.Length == 0)
        {
            return s;
        }
        var sb = new StringBuilder();
        int at = 0;
        for (long done = 0; count < 0 || done < count; done++)
        {
            int next = s.IndexOf(old, at, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }
            sb.Append(s, at, next - at).Append(replacement);
            evaluator.CheckLength(sb.Length);
            at = next + old.Length;
        }
        return sb.Append(s, at, s.Length - at).ToString();
    }

    private static List<object?> Split(string s, object? separator, long maxSplit)
    {
        int count = maxSplit < 0 ? int.MaxValue : (int)Math.Min(maxSplit + 1, int.MaxValue);
        if (separator is string sep)
        {
            if (sep.Length == 0)
            {
                throw new TemplateException("split: empty separator");
            }
            return [.. s.Split(sep, count)];
        }
        string[] words = s.Split((char[]?)null, count, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0)
        {
            words[^1] = words[^1].TrimEnd();
        }
        return [.. words];
    }

    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousCased = false;
        foreach (char c in s)
        {
            sb.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }
        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
}
