using System.Globalization;
using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>The global functions templates may call: <c>raise_exception</c>, <c>range</c>, <c>namespace</c>, <c>dict</c>, <c>strftime_now</c>.</summary>
internal static class TemplateFunctions
{
    public static void AddTo(TemplateScope scope, DateTimeOffset now)
    {
        scope.Set("raise_exception", new TemplateCallable("raise_exception", args =>
            throw new TemplateException(TemplateValue.ToStr(args.Get(0, "message", "raise_exception called"))) { RaisedByTemplate = true }));
        scope.Set("range", new TemplateCallable("range", Range));
        scope.Set("namespace", new TemplateCallable("namespace", args =>
        {
            var ns = new Namespace();
            if (args.Positional.Count > 0 && args.Positional[0] is OrderedDictionary<string, object?> initial)
            {
                foreach (KeyValuePair<string, object?> pair in initial)
                {
                    ns.Values[pair.Key] = pair.Value;
                }
            }
            foreach (KeyValuePair<string, object?> pair in args.Named)
            {
                ns.Values[pair.Key] = pair.Value;
            }
            return ns;
        }));
        scope.Set("dict", new TemplateCallable("dict", args =>
        {
            var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, object?> pair in args.Named)
            {
                dict[pair.Key] = pair.Value;
            }
            return dict;
        }));
        scope.Set("strftime_now", new TemplateCallable("strftime_now", args =>
            Strftime(now, TemplateValue.ToStr(args.Required(0, "format")))));
    }

    private static RangeValue Range(CallArguments args)
    {
        long Arg(int i) => args.Positional[i] is long l ? l : throw new TemplateException("range() arguments must be integers");
        return args.Positional.Count switch
        {
            1 => new RangeValue(0, Arg(0), 1),
            2 => new RangeValue(Arg(0), Arg(1), 1),
            3 when Arg(2) != 0 => new RangeValue(Arg(0), Arg(1), Arg(2)),
            3 => throw new TemplateException("range() step must not be zero"),
            _ => throw new TemplateException("range() takes 1 to 3 arguments"),
        };
    }

    /// <summary>Python's <c>strftime</c> for the common directives, in English (the C locale).</summary>
    public static string Strftime(DateTimeOffset time, string format)
    {
        var sb = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            char directive = format[++i];
            sb.Append(directive switch
            {
                'd' => time.Day.ToString("00", c),
                '-' when i + 1 < format.Length && format[i + 1] == 'd' => Skip(ref i, time.Day.ToString(c)),
                'e' => time.Day.ToString(c).PadLeft(2),
                'm' => time.Month.ToString("00", c),
                'Y' => time.Year.ToString(c),
                'y' => (time.Year % 100).ToString("00", c),
                'b' or 'h' => c.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => c.DateTimeFormat.GetMonthName(time.Month),
                'a' => c.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => c.DateTimeFormat.GetDayName(time.DayOfWeek),
                'H' => time.Hour.ToString("00", c),
                'I' => (((time.Hour + 11) % 12) + 1).ToString("00", c),
                'M' => time.Minute.ToString("00", c),
                'S' => time.Second.ToString("00", c),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'j' => time.DayOfYear.ToString("000", c),
                '%' => "%",
                _ => "%" + directive,
            });
        }
        return sb.ToString();
    }

    private static string Skip(ref int i, string value)
    {
        i++;
        return value;
    }
}
