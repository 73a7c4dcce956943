namespace Augur.Models.ChatTemplates;

/// <summary>Jinja's default Undefined: renders as "", is falsy, iterates as empty, and yields itself on attribute access.</summary>
internal sealed class Undefined
{
    public static Undefined Instance { get; } = new();

    private Undefined()
    {
    }

    public override string ToString() => "";
}

/// <summary>The mutable object <c>namespace(...)</c> returns; <c>{% set ns.x = v %}</c> writes through loop scopes.</summary>
internal sealed class Namespace
{
    public OrderedDictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>A lazy <c>range(start, stop, step)</c>, so <c>range(10**9)</c> costs nothing until iterated.</summary>
internal sealed record RangeValue(long Start, long Stop, long Step)
{
    public long Count =>
        Step > 0 ? Math.Max(0, (Stop - Start + Step - 1) / Step) : Math.Max(0, (Start - Stop - Step - 1) / -Step);

    public long this[long index] => Start + (index * Step);
}

/// <summary>A built-in function, bound method or macro. <see cref="Invoke"/> receives evaluated arguments.</summary>
internal sealed class TemplateCallable(string name, Func<CallArguments, object?> invoke)
{
    public string Name { get; } = name;

    public Func<CallArguments, object?> Invoke { get; } = invoke;
}

/// <summary>Evaluated positional and keyword arguments.</summary>
internal sealed record CallArguments(IReadOnlyList<object?> Positional, IReadOnlyDictionary<string, object?> Named, string Function)
{
    public object? Get(int index, string name, object? fallback = null) =>
        Named.TryGetValue(name, out object? value) ? value : index < Positional.Count ? Positional[index] : fallback;

    public bool Has(int index, string name) => Named.ContainsKey(name) || index < Positional.Count;

    public object? Required(int index, string name) =>
        Has(index, name) ? Get(index, name) : throw new TemplateException($"{Function}() is missing its argument '{name}'");
}

/// <summary>The <c>loop</c> variable inside a for loop.</summary>
internal sealed class LoopInfo(IReadOnlyList<object?> items)
{
    public int Index0 { get; set; }

    public object? GetAttribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.Instance,
        "nextitem" => Index0 + 1 < items.Count ? items[Index0 + 1] : Undefined.Instance,
        _ => Undefined.Instance,
    };
}
