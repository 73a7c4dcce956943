using System.Runtime.CompilerServices;

namespace Augur.Models.ChatTemplates;

internal sealed partial class TemplateEvaluator
{
    public object? Eval(Expr expr, TemplateScope scope)
    {
        Tick();
        // Left-deep chains (a + a + ... or x|f|f|...) are parsed by loops, so guard the recursion here too.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (expr)
        {
            case LiteralExpr literal:
                return literal.Value;
            case NameExpr name:
                return scope.Lookup(name.Name);
            case ListExpr list:
                var items = new List<object?>(list.Items.Count);
                foreach (Expr item in list.Items)
                {
                    items.Add(Eval(item, scope));
                }
                return items;
            case DictExpr dict:
                var values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                foreach ((Expr key, Expr value) in dict.Items)
                {
                    values[TemplateValue.ToStr(Eval(key, scope))] = Eval(value, scope);
                }
                return values;
            case AttributeExpr attribute:
                return GetAttribute(Eval(attribute.Target, scope), attribute.Name);
            case IndexExpr index:
                return GetItem(Eval(index.Target, scope), Eval(index.Index, scope));
            case SliceExpr slice:
                return Slice(Eval(slice.Target, scope), EvalIndex(slice.Start, scope), EvalIndex(slice.Stop, scope), EvalIndex(slice.Step, scope));
            case CallExpr call:
                return Call(call, scope);
            case FilterExpr filter:
                return TemplateFilters.Apply(this, filter.Name, Eval(filter.Target, scope), EvalArguments(filter.Args, scope, filter.Name));
            case TestExpr test:
                bool result = TemplateTests.Apply(test.Name, Eval(test.Target, scope), EvalArguments(test.Args, scope, test.Name));
                return result != test.Negated;
            case UnaryExpr unary:
                return EvalUnary(unary, scope);
            case BinaryExpr binary:
                return EvalBinary(binary, scope);
            case ConditionalExpr conditional:
                return TemplateValue.IsTruthy(Eval(conditional.Condition, scope))
                    ? Eval(conditional.Then, scope)
                    : conditional.Else is null ? Undefined.Instance : Eval(conditional.Else, scope);
            default:
                throw new TemplateException($"unsupported expression {expr.GetType().Name}");
        }
    }

    private long? EvalIndex(Expr? expr, TemplateScope scope) => expr is null
        ? null
        : Eval(expr, scope) switch
        {
            long l => l,
            null => null,
            var other => throw new TemplateException($"slice index must be an integer, got {TemplateValue.TypeName(other)}"),
        };

    public CallArguments EvalArguments(Arguments args, TemplateScope scope, string function)
    {
        if (args.Positional.Count == 0 && args.Named.Count == 0)
        {
            return new CallArguments([], EmptyNamed, function);
        }
        var positional = new List<object?>(args.Positional.Count);
        foreach (Expr arg in args.Positional)
        {
            positional.Add(Eval(arg, scope));
        }
        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((string name, Expr value) in args.Named)
        {
            named[name] = Eval(value, scope);
        }
        return new CallArguments(positional, named, function);
    }

    private static readonly Dictionary<string, object?> EmptyNamed = [];

    private object? Call(CallExpr call, TemplateScope scope)
    {
        object? callee = Eval(call.Callee, scope);
        string name = call.Callee switch
        {
            NameExpr n => n.Name,
            AttributeExpr a => a.Name,
            _ => "expression",
        };
        if (callee is not TemplateCallable callable)
        {
            // Calling something undefined means a function or method this interpreter does not have.
            throw new TemplateException($"'{name}' is {TemplateValue.TypeName(callee)}, not a function") { Unsupported = callee is Undefined };
        }
        return callable.Invoke(EvalArguments(call.Args, scope, name));
    }

    private object? EvalUnary(UnaryExpr unary, TemplateScope scope)
    {
        object? value = Eval(unary.Operand, scope);
        return unary.Op switch
        {
            "not" => !TemplateValue.IsTruthy(value),
            "-" => value switch
            {
                long l => (object)checked(-l),
                double d => -d,
                bool b => b ? -1L : 0L,
                _ => throw new TemplateException($"bad operand for unary -: {TemplateValue.TypeName(value)}"),
            },
            _ => TemplateValue.IsNumber(value) ? value : throw new TemplateException($"bad operand for unary +: {TemplateValue.TypeName(value)}"),
        };
    }

    private object? EvalBinary(BinaryExpr binary, TemplateScope scope)
    {
        object? left = Eval(binary.Left, scope);
        switch (binary.Op)
        {
            case "and":
                return TemplateValue.IsTruthy(left) ? Eval(binary.Right, scope) : left;
            case "or":
                return TemplateValue.IsTruthy(left) ? left : Eval(binary.Right, scope);
            default:
                break;
        }
        object? right = Eval(binary.Right, scope);
        return binary.Op switch
        {
            "==" => TemplateValue.Equals(left, right),
            "!=" => !TemplateValue.Equals(left, right),
            "<" => TemplateValue.Compare(left, right) < 0,
            ">" => TemplateValue.Compare(left, right) > 0,
            "<=" => TemplateValue.Compare(left, right) <= 0,
            ">=" => TemplateValue.Compare(left, right) >= 0,
            "in" => Contains(right, left),
            "not in" => !Contains(right, left),
            "~" => Concat(TemplateValue.ToStr(left), TemplateValue.ToStr(right)),
            _ => TemplateArithmetic.Apply(this, binary.Op, left, right),
        };
    }

    public string Concat(string a, string b)
    {
        CheckLength((long)a.Length + b.Length);
        return a + b;
    }

    private static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub
            ? s.Contains(sub, StringComparison.Ordinal)
            : throw new TemplateException($"'in <string>' requires a string, got {TemplateValue.TypeName(item)}"),
        List<object?> list => list.Exists(x => TemplateValue.Equals(x, item)),
        OrderedDictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        Namespace ns => item is string key && ns.Values.ContainsKey(key),
        RangeValue range => item is long l && (range.Step > 0 ? l >= range.Start && l < range.Stop : l <= range.Start && l > range.Stop)
            && (l - range.Start) % range.Step == 0,
        null or Undefined => false,
        _ => throw new TemplateException($"argument of type {TemplateValue.TypeName(container)} is not iterable"),
    };

    public object? GetAttribute(object? target, string name) => target switch
    {
        OrderedDictionary<string, object?> dict => TemplateMethods.ForDict(dict, name)
            ?? (dict.TryGetValue(name, out object? value) ? value : Undefined.Instance),
        string s => (object?)TemplateMethods.ForString(this, s, name) ?? Undefined.Instance,
        Namespace ns => ns.Values.TryGetValue(name, out object? value) ? value : Undefined.Instance,
        LoopInfo loop => loop.GetAttribute(name),
        _ => Undefined.Instance,
    };

    public static object? GetItem(object? target, object? key)
    {
        switch (target)
        {
            case OrderedDictionary<string, object?> dict:
                return key is string k && dict.TryGetValue(k, out object? value) ? value : Undefined.Instance;
            case Namespace ns:
                return key is string nk && ns.Values.TryGetValue(nk, out object? nsValue) ? nsValue : Undefined.Instance;
            case LoopInfo loop:
                return key is string lk ? loop.GetAttribute(lk) : Undefined.Instance;
            case List<object?> list when key is long index:
                index = index < 0 ? index + list.Count : index;
                return index >= 0 && index < list.Count ? list[(int)index] : Undefined.Instance;
            case string s when key is long index:
                index = index < 0 ? index + s.Length : index;
                return index >= 0 && index < s.Length ? s[(int)index].ToString() : Undefined.Instance;
            case RangeValue range when key is long index:
                index = index < 0 ? index + range.Count : index;
                return index >= 0 && index < range.Count ? range[index] : Undefined.Instance;
            default:
                return Undefined.Instance;
        }
    }

    private object? Slice(object? target, long? start, long? stop, long? step)
    {
        switch (target)
        {
            case string s:
                var chars = new System.Text.StringBuilder();
                foreach (int i in SliceIndices(s.Length, start, stop, step))
                {
                    chars.Append(s[i]);
                }
                return chars.ToString();
            case List<object?> or RangeValue:
                List<object?> items = TemplateValue.Iterate(target, _options.MaxSteps);
                var result = new List<object?>();
                foreach (int i in SliceIndices(items.Count, start, stop, step))
                {
                    result.Add(items[i]);
                }
                return result;
            case null or Undefined:
                return Undefined.Instance;
            default:
                throw new TemplateException($"{TemplateValue.TypeName(target)} cannot be sliced");
        }
    }

    /// <summary>Python's slice semantics: negative indices count from the end, bounds clamp, step may be negative.</summary>
    private static IEnumerable<int> SliceIndices(int length, long? start, long? stop, long? step)
    {
        long by = step ?? 1;
        if (by == 0)
        {
            throw new TemplateException("slice step cannot be zero");
        }
        long Clamp(long? value, long fallback, long low, long high)
        {
            if (value is not long v)
            {
                return fallback;
            }
            v = v < 0 ? v + length : v;
            return Math.Clamp(v, low, high);
        }
        if (by > 0)
        {
            long from = Clamp(start, 0, 0, length), to = Clamp(stop, length, 0, length);
            for (long i = from; i < to; i += by)
            {
                yield return (int)i;
            }
        }
        else
        {
            long from = Clamp(start, length - 1, -1, length - 1), to = Clamp(stop, -1, -1, length - 1);
            for (long i = from; i > to; i += by)
            {
                yield return (int)i;
            }
        }
    }
}
