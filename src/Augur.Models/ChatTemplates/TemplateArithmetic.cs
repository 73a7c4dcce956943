using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>Python's <c>+ - * / // % **</c> on ints (checked), floats, strings and lists.</summary>
internal static class TemplateArithmetic
{
    public static object? Apply(TemplateEvaluator evaluator, string op, object? left, object? right)
    {
        try
        {
            return op switch
            {
                "+" => Add(evaluator, left, right),
                "*" => Multiply(evaluator, left, right),
                _ => Numeric(op, left, right),
            };
        }
        catch (OverflowException)
        {
            throw new TemplateException($"integer overflow in '{op}'");
        }
    }

    private static object? Add(TemplateEvaluator evaluator, object? left, object? right)
    {
        switch (left, right)
        {
            case (string a, string b):
                return evaluator.Concat(a, b);
            case (List<object?> a, List<object?> b):
                evaluator.CheckLength((long)a.Count + b.Count);
                return new List<object?>([.. a, .. b]);
            default:
                return Numeric("+", left, right);
        }
    }

    private static object? Multiply(TemplateEvaluator evaluator, object? left, object? right)
    {
        switch (left, right)
        {
            case (string s, long n):
                return Repeat(evaluator, s, n);
            case (long n, string s):
                return Repeat(evaluator, s, n);
            case (List<object?> list, long n):
                evaluator.CheckLength(list.Count * Math.Max(n, 0));
                var result = new List<object?>();
                for (long i = 0; i < n; i++)
                {
                    result.AddRange(list);
                }
                return result;
            default:
                return Numeric("*", left, right);
        }
    }

    private static string Repeat(TemplateEvaluator evaluator, string s, long n)
    {
        if (n <= 0 || s.Length == 0)
        {
            return "";
        }
        evaluator.CheckLength(n > int.MaxValue ? long.MaxValue : s.Length * n);
        return new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
    }

    private static object? Numeric(string op, object? left, object? right)
    {
        if (!TemplateValue.IsNumber(left) || !TemplateValue.IsNumber(right))
        {
            throw new TemplateException(
                $"unsupported operand types for {op}: {TemplateValue.TypeName(left)} and {TemplateValue.TypeName(right)}");
        }
        if (left is not double && right is not double && op != "/")
        {
            long a = left is bool lb ? (lb ? 1 : 0) : (long)left!;
            long b = right is bool rb ? (rb ? 1 : 0) : (long)right!;
            return op switch
            {
                "+" => (object)checked(a + b),
                "-" => checked(a - b),
                "*" => checked(a * b),
                "//" => b == 0 ? throw DivisionByZero() : FloorDiv(a, b),
                "%" => b == 0 ? throw DivisionByZero() : ((a % b) + b) % b,
                "**" => b >= 0 ? Power(a, b) : (object)Math.Pow(a, b),
                _ => throw new TemplateException($"unknown operator '{op}'"),
            };
        }
        double x = TemplateValue.ToDouble(left), y = TemplateValue.ToDouble(right);
        return op switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => y == 0 ? throw DivisionByZero() : x / y,
            "//" => y == 0 ? throw DivisionByZero() : Math.Floor(x / y),
            "%" => y == 0 ? throw DivisionByZero() : x - (y * Math.Floor(x / y)),
            "**" => Math.Pow(x, y),
            _ => throw new TemplateException($"unknown operator '{op}'"),
        };
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long Power(long a, long b)
    {
        long result = 1;
        while (b > 0)
        {
            if ((b & 1) != 0)
            {
                result = checked(result * a);
            }
            b >>= 1;
            if (b > 0)
            {
                a = checked(a * a);
            }
        }
        return result;
    }

    private static TemplateException DivisionByZero() => new("division by zero");
}
