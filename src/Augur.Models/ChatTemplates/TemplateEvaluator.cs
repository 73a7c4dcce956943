using System.Runtime.CompilerServices;
using System.Text;

namespace Augur.Models.ChatTemplates;

/// <summary>
/// Executes parsed template nodes against a scope, counting steps and output so that every render is bounded by
/// <see cref="ChatTemplateOptions"/>. Jinja scoping: a for-loop iteration and a macro call get their own scope;
/// <c>if</c> does not.
/// </summary>
internal sealed partial class TemplateEvaluator
{
    private readonly ChatTemplateOptions _options;
    private readonly string _source;
    private StringBuilder _output = new();
    private long _steps;
    private int _depth;

    public TemplateEvaluator(ChatTemplateOptions options, string source)
    {
        _options = options;
        _source = source;
    }

    public ChatTemplateOptions Options => _options;

    public string Render(IReadOnlyList<Node> nodes, TemplateScope scope)
    {
        _ = Execute(nodes, scope);
        return _output.ToString();
    }

    private void Tick()
    {
        if (++_steps > _options.MaxSteps)
        {
            throw new TemplateException($"template exceeded the limit of {_options.MaxSteps} evaluation steps");
        }
    }

    /// <summary>Fails when a string being built would exceed <see cref="ChatTemplateOptions.MaxOutputLength"/>.</summary>
    public void CheckLength(long length)
    {
        if (length > _options.MaxOutputLength)
        {
            throw new TemplateException($"template output or string exceeds the limit of {_options.MaxOutputLength} chars");
        }
    }

    private void Write(string text)
    {
        CheckLength((long)_output.Length + text.Length);
        _output.Append(text);
    }

    /// <summary>How a statement list ended: normally, or at a <c>break</c>/<c>continue</c> for the enclosing loop.</summary>
    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    private Flow Execute(IReadOnlyList<Node> nodes, TemplateScope scope)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        foreach (Node node in nodes)
        {
            Flow flow;
            try
            {
                flow = ExecuteNode(node, scope);
            }
            catch (TemplateException e) when (e.Line == 0 && !e.RaisedByTemplate)
            {
                // Name the innermost statement that failed; outer statements see a located error and let it pass.
                (int line, int column) = TemplateLexer.LineColumn(_source, node.Position);
                throw new TemplateException(e.Message, line, column) { Unsupported = e.Unsupported };
            }
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }
        return Flow.Normal;
    }

    private Flow ExecuteNode(Node node, TemplateScope scope)
    {
        Tick();
        switch (node)
        {
            case TextNode text:
                Write(text.Text);
                break;
            case OutputNode output:
                Write(TemplateValue.ToStr(Eval(output.Value, scope)));
                break;
            case IfNode ifNode:
                return ExecuteIf(ifNode, scope);
            case LoopControlNode control:
                return control.IsBreak ? Flow.Break : Flow.Continue;
            case ForNode forNode:
                ExecuteFor(forNode, scope);
                break;
            case SetNode set:
                ExecuteSet(set, scope);
                break;
            case SetBlockNode setBlock:
                scope.Set(setBlock.Name, Capture(setBlock.Body, scope));
                break;
            case MacroNode macro:
                scope.Set(macro.Name, DefineMacro(macro, scope));
                break;
            default:
                break;
        }
        return Flow.Normal;
    }

    private Flow ExecuteIf(IfNode node, TemplateScope scope)
    {
        foreach ((Expr condition, IReadOnlyList<Node> body) in node.Branches)
        {
            if (TemplateValue.IsTruthy(Eval(condition, scope)))
            {
                return Execute(body, scope);
            }
        }
        return node.Else is null ? Flow.Normal : Execute(node.Else, scope);
    }

    private void ExecuteFor(ForNode node, TemplateScope scope)
    {
        List<object?> items = TemplateValue.Iterate(Eval(node.Iterable, scope), _options.MaxSteps);
        if (node.Filter is not null)
        {
            var kept = new List<object?>();
            foreach (object? item in items)
            {
                Tick();
                var filterScope = new TemplateScope(scope);
                Bind(node.Targets, item, filterScope);
                if (TemplateValue.IsTruthy(Eval(node.Filter, filterScope)))
                {
                    kept.Add(item);
                }
            }
            items = kept;
        }
        if (items.Count == 0)
        {
            if (node.Else is not null)
            {
                _ = Execute(node.Else, scope);
            }
            return;
        }
        var loop = new LoopInfo(items);
        for (int i = 0; i < items.Count; i++)
        {
            Tick();
            loop.Index0 = i;
            var iteration = new TemplateScope(scope);
            Bind(node.Targets, items[i], iteration);
            iteration.Set("loop", loop);
            if (Execute(node.Body, iteration) == Flow.Break)
            {
                break;
            }
        }
    }

    private static void Bind(IReadOnlyList<string> targets, object? item, TemplateScope scope)
    {
        if (targets.Count == 1)
        {
            scope.Set(targets[0], item);
            return;
        }
        if (item is not List<object?> values || values.Count != targets.Count)
        {
            throw new TemplateException($"cannot unpack {TemplateValue.TypeName(item)} into {targets.Count} loop variables");
        }
        for (int i = 0; i < targets.Count; i++)
        {
            scope.Set(targets[i], values[i]);
        }
    }

    private void ExecuteSet(SetNode node, TemplateScope scope)
    {
        object? value = Eval(node.Value, scope);
        if (node.Attribute is null)
        {
            scope.Set(node.Name, value);
        }
        else if (scope.Lookup(node.Name) is Namespace ns)
        {
            ns.Values[node.Attribute] = value;
        }
        else
        {
            throw new TemplateException($"cannot set attribute '{node.Attribute}' on '{node.Name}': it is not a namespace");
        }
    }

    private string Capture(IReadOnlyList<Node> body, TemplateScope scope)
    {
        StringBuilder saved = _output;
        _output = new StringBuilder();
        try
        {
            _ = Execute(body, scope);
            return _output.ToString();
        }
        finally
        {
            _output = saved;
        }
    }

    private TemplateCallable DefineMacro(MacroNode macro, TemplateScope definingScope) => new(macro.Name, args =>
    {
        if (++_depth > _options.MaxDepth)
        {
            throw new TemplateException($"macro calls nested deeper than {_options.MaxDepth}");
        }
        try
        {
            var scope = new TemplateScope(definingScope);
            for (int i = 0; i < macro.Parameters.Count; i++)
            {
                (string name, Expr? fallback) = macro.Parameters[i];
                scope.Set(name, args.Has(i, name) ? args.Get(i, name) : fallback is null ? Undefined.Instance : Eval(fallback, definingScope));
            }
            return Capture(macro.Body, scope);
        }
        finally
        {
            _depth--;
        }
    });
}
