using System.Globalization;
using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>
/// The <c>tojson</c> filter as Hugging Face defines it: Python's <c>json.dumps(x, ensure_ascii=False, indent=indent)</c>,
/// so separators are ", " and ": " without indent, and non-ASCII text is kept as is.
/// </summary>
internal static class TemplateJson
{
    public static string Serialize(object? value, int? indent, int maxLength)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, 0, maxLength);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int? indent, int level, int maxLength)
    {
        if (level > 100)
        {
            throw new TemplateException("tojson: value nested deeper than 100 levels");
        }
        if (sb.Length > maxLength)
        {
            throw new TemplateException($"tojson: output exceeds the limit of {maxLength} chars");
        }
        switch (value)
        {
            case null or Undefined:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : TemplateValue.FormatFloat(d));
                break;
            case string s:
                WriteString(sb, s);
                break;
            case List<object?> list:
                WriteContainer(sb, '[', ']', list.Count, indent, level, i => Write(sb, list[i], indent, level + 1, maxLength));
                break;
            case OrderedDictionary<string, object?> dict:
                WriteContainer(sb, '{', '}', dict.Count, indent, level, i =>
                {
                    WriteString(sb, dict.GetAt(i).Key);
                    sb.Append(": ");
                    Write(sb, dict.GetAt(i).Value, indent, level + 1, maxLength);
                });
                break;
            case Namespace ns:
                Write(sb, ns.Values, indent, level, maxLength);
                break;
            default:
                throw new TemplateException($"tojson: {TemplateValue.TypeName(value)} is not JSON serializable");
        }
    }

    private static void WriteContainer(StringBuilder sb, char open, char close, int count, int? indent, int level, Action<int> writeItem)
    {
        sb.Append(open);
        if (count == 0)
        {
            sb.Append(close);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (indent is int width)
            {
                sb.Append(i > 0 ? ",\n" : "\n").Append(' ', width * (level + 1));
            }
            else if (i > 0)
            {
                sb.Append(", ");
            }
            writeItem(i);
        }
        if (indent is int w)
        {
            sb.Append('\n').Append(' ', w * level);
        }
        sb.Append(close);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\b': sb.Append(@"\b"); break;
                case '\f': sb.Append(@"\f"); break;
                case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
