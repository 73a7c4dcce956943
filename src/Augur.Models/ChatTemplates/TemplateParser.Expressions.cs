namespace Augur.Models.ChatTemplates;

internal sealed partial class TemplateParser
{
    private static readonly string[] CompareOps = ["==", "!=", "<", ">", "<=", ">="];

    /// <summary>One expression (no bare tuple): list items, dict values, arguments, conditions, output.</summary>
    private Expr ParseExpression() => ParseConditional();

    /// <summary>An expression, or a bare tuple <c>a, b</c> (as a list literal).</summary>
    private Expr ParseTuple(bool withCondition)
    {
        int position = Current.Position;
        Expr first = withCondition ? ParseConditional() : ParseOr();
        if (!Current.Is(","))
        {
            return first;
        }
        var items = new List<Expr> { first };
        while (Accept(",") && !AtEndOfTag)
        {
            items.Add(withCondition ? ParseConditional() : ParseOr());
        }
        return new ListExpr(items, position);
    }

    private Expr ParseConditional()
    {
        Enter();
        Expr value = ParseOr();
        while (Current.IsName("if"))
        {
            int position = Advance().Position;
            Expr condition = ParseOr();
            Expr? otherwise = null;
            if (Current.IsName("else"))
            {
                Advance();
                otherwise = ParseConditional();
            }
            value = new ConditionalExpr(condition, value, otherwise, position);
        }
        _depth--;
        return value;
    }

    private void Enter()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > _maxDepth)
        {
            throw Error($"expression nested deeper than {_maxDepth}", Current.Position);
        }
    }

    private Expr ParseOr()
    {
        Expr left = ParseAnd();
        while (Current.IsName("or"))
        {
            int position = Advance().Position;
            left = new BinaryExpr("or", left, ParseAnd(), position);
        }
        return left;
    }

    private Expr ParseAnd()
    {
        Expr left = ParseNot();
        while (Current.IsName("and"))
        {
            int position = Advance().Position;
            left = new BinaryExpr("and", left, ParseNot(), position);
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            int position = Advance().Position;
            Enter();
            Expr operand = ParseNot();
            _depth--;
            return new UnaryExpr("not", operand, position);
        }
        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        Expr left = ParseAdditive();
        while (true)
        {
            TemplateToken token = Current;
            int position = token.Position;
            if (token.Kind == TokenKind.Operator && Array.IndexOf(CompareOps, token.Text) >= 0 && !AtEndOfTag)
            {
                Advance();
                left = new BinaryExpr(token.Text, left, ParseAdditive(), position);
            }
            else if (token.IsName("in"))
            {
                Advance();
                left = new BinaryExpr("in", left, ParseAdditive(), position);
            }
            else if (token.IsName("not") && _pos + 1 < _tokens.Count && _tokens[_pos + 1].IsName("in"))
            {
                _pos += 2;
                left = new BinaryExpr("not in", left, ParseAdditive(), position);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseAdditive()
    {
        Expr left = ParseConcat();
        while ((Current.Is("+") || Current.Is("-")) && !AtEndOfTag)
        {
            TemplateToken op = Advance();
            left = new BinaryExpr(op.Text, left, ParseConcat(), op.Position);
        }
        return left;
    }

    private Expr ParseConcat()
    {
        Expr left = ParseMultiplicative();
        while (Current.Is("~") && !AtEndOfTag)
        {
            TemplateToken op = Advance();
            left = new BinaryExpr("~", left, ParseMultiplicative(), op.Position);
        }
        return left;
    }

    private Expr ParseMultiplicative()
    {
        Expr left = ParsePower();
        while ((Current.Is("*") || Current.Is("/") || Current.Is("//") || Current.Is("%")) && !AtEndOfTag)
        {
            TemplateToken op = Advance();
            left = new BinaryExpr(op.Text, left, ParsePower(), op.Position);
        }
        return left;
    }

    private Expr ParsePower()
    {
        Expr left = ParseUnary();
        while (Current.Is("**") && !AtEndOfTag)
        {
            TemplateToken op = Advance();
            left = new BinaryExpr("**", left, ParseUnary(), op.Position);
        }
        return left;
    }

    /// <summary>As Jinja: a filter after a unary operator applies to the whole (<c>-3|abs</c> is 3).</summary>
    private Expr ParseUnary(bool withFilters = true)
    {
        Expr node;
        if ((Current.Is("-") || Current.Is("+")) && !AtEndOfTag)
        {
            TemplateToken op = Advance();
            Enter();
            node = new UnaryExpr(op.Text, ParseUnary(withFilters: false), op.Position);
            _depth--;
        }
        else
        {
            node = ParsePostfix(ParsePrimary());
        }
        return withFilters ? ParseFilters(node) : node;
    }

    private Expr ParsePrimary()
    {
        TemplateToken token = Current;
        if (AtEndOfTag)
        {
            throw Error("expected an expression but found end of tag", token.Position);
        }
        Advance();
        switch (token.Kind)
        {
            case TokenKind.Integer:
                return new LiteralExpr(token.Integer, token.Position);
            case TokenKind.Float:
                return new LiteralExpr(token.Float, token.Position);
            case TokenKind.String:
                string text = token.Text;
                while (Current.Kind == TokenKind.String && !AtEndOfTag)
                {
                    text += Advance().Text;
                }
                return new LiteralExpr(text, token.Position);
            case TokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new LiteralExpr(true, token.Position),
                    "false" or "False" => new LiteralExpr(false, token.Position),
                    "none" or "None" => new LiteralExpr(null, token.Position),
                    _ => new NameExpr(token.Text, token.Position),
                };
            default:
                break;
        }
        Enter();
        Expr result;
        switch (token.Text)
        {
            case "(":
                if (Accept(")"))
                {
                    result = new ListExpr([], token.Position);
                    break;
                }
                result = ParseTuple(withCondition: true);
                Expect(")");
                break;
            case "[":
                var items = new List<Expr>();
                while (!Accept("]"))
                {
                    if (items.Count > 0)
                    {
                        Expect(",");
                        if (Accept("]"))
                        {
                            break;
                        }
                    }
                    items.Add(ParseExpression());
                }
                result = new ListExpr(items, token.Position);
                break;
            case "{":
                var pairs = new List<(Expr, Expr)>();
                while (!Accept("}"))
                {
                    if (pairs.Count > 0)
                    {
                        Expect(",");
                        if (Accept("}"))
                        {
                            break;
                        }
                    }
                    Expr key = ParseExpression();
                    Expect(":");
                    pairs.Add((key, ParseExpression()));
                }
                result = new DictExpr(pairs, token.Position);
                break;
            default:
                throw Error($"unexpected '{token.Text}'", token.Position);
        }
        _depth--;
        return result;
    }
}
