namespace Augur.Models.ChatTemplates;

/// <summary>A statement node of a parsed template.</summary>
internal abstract record Node(int Position);

internal sealed record TextNode(string Text, int Position) : Node(Position);

internal sealed record OutputNode(Expr Value, int Position) : Node(Position);

internal sealed record IfNode(IReadOnlyList<(Expr Condition, IReadOnlyList<Node> Body)> Branches, IReadOnlyList<Node>? Else, int Position)
    : Node(Position);

/// <summary><c>{% for a[, b] in iterable [if filter] %}body{% else %}empty{% endfor %}</c>.</summary>
internal sealed record ForNode(
    IReadOnlyList<string> Targets, Expr Iterable, Expr? Filter, IReadOnlyList<Node> Body, IReadOnlyList<Node>? Else, int Position)
    : Node(Position);

/// <summary><c>{% set name = value %}</c>, or <c>{% set name.attribute = value %}</c> on a namespace when <see cref="Attribute"/> is set.</summary>
internal sealed record SetNode(string Name, string? Attribute, Expr Value, int Position) : Node(Position);

/// <summary><c>{% set name %}body{% endset %}</c>.</summary>
internal sealed record SetBlockNode(string Name, IReadOnlyList<Node> Body, int Position) : Node(Position);

internal sealed record MacroNode(string Name, IReadOnlyList<(string Name, Expr? Default)> Parameters, IReadOnlyList<Node> Body, int Position)
    : Node(Position);

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (Jinja's loopcontrols extension, which Hugging Face enables).</summary>
internal sealed record LoopControlNode(bool IsBreak, int Position) : Node(Position);

/// <summary>A statement that does nothing (<c>{% generation %}</c> markers).</summary>
internal sealed record EmptyNode(int Position) : Node(Position);
