namespace Augur.Models.ChatTemplates;

/// <summary>An expression node. <see cref="Position"/> is the source offset, for error messages.</summary>
internal abstract record Expr(int Position);

internal sealed record LiteralExpr(object? Value, int Position) : Expr(Position);

internal sealed record NameExpr(string Name, int Position) : Expr(Position);

internal sealed record ListExpr(IReadOnlyList<Expr> Items, int Position) : Expr(Position);

internal sealed record DictExpr(IReadOnlyList<(Expr Key, Expr Value)> Items, int Position) : Expr(Position);

internal sealed record AttributeExpr(Expr Target, string Name, int Position) : Expr(Position);

internal sealed record IndexExpr(Expr Target, Expr Index, int Position) : Expr(Position);

internal sealed record SliceExpr(Expr Target, Expr? Start, Expr? Stop, Expr? Step, int Position) : Expr(Position);

/// <summary>Positional and keyword arguments of a call, filter or test.</summary>
internal sealed record Arguments(IReadOnlyList<Expr> Positional, IReadOnlyList<(string Name, Expr Value)> Named)
{
    public static Arguments None { get; } = new([], []);
}

internal sealed record CallExpr(Expr Callee, Arguments Args, int Position) : Expr(Position);

internal sealed record FilterExpr(Expr Target, string Name, Arguments Args, int Position) : Expr(Position);

internal sealed record TestExpr(Expr Target, string Name, bool Negated, Arguments Args, int Position) : Expr(Position);

internal sealed record UnaryExpr(string Op, Expr Operand, int Position) : Expr(Position);

internal sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Position) : Expr(Position);

internal sealed record ConditionalExpr(Expr Condition, Expr Then, Expr? Else, int Position) : Expr(Position);
