namespace Augur.Models.ChatTemplates;

/// <summary>A variable scope: the template's top level, one for-loop iteration, or one macro call.</summary>
internal sealed class TemplateScope(TemplateScope? parent)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public object? Lookup(string name)
    {
        for (TemplateScope? scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out object? value))
            {
                return value;
            }
        }
        return Undefined.Instance;
    }

    public TemplateScope? Parent { get; } = parent;

    public void Set(string name, object? value) => _variables[name] = value;
}
