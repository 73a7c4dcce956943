namespace Augur.Models.ChatTemplates;

/// <summary>Postfix forms: attribute, subscript and slice, call arguments, filters (<c>|</c>) and tests (<c>is</c>).</summary>
internal sealed partial class TemplateParser
{
    private Expr ParsePostfix(Expr target)
    {
        while (!AtEndOfTag)
        {
            TemplateToken token = Current;
            if (token.Is("."))
            {
                Advance();
                TemplateToken name = Advance();
                if (name.Kind is not (TokenKind.Name or TokenKind.Integer))
                {
                    throw Error("expected an attribute name after '.'", name.Position);
                }
                target = name.Kind == TokenKind.Integer
                    ? new IndexExpr(target, new LiteralExpr(name.Integer, name.Position), token.Position)
                    : new AttributeExpr(target, name.Text, token.Position);
            }
            else if (token.Is("["))
            {
                Advance();
                target = ParseSubscript(target, token.Position);
            }
            else if (token.Is("("))
            {
                Advance();
                target = new CallExpr(target, ParseArguments(), token.Position);
            }
            else
            {
                return target;
            }
        }
        return target;
    }

    private Expr ParseSubscript(Expr target, int position)
    {
        Expr? start = Current.Is(":") ? null : ParseExpression();
        if (start is not null && Accept("]"))
        {
            return new IndexExpr(target, start, position);
        }
        Expect(":");
        Expr? stop = Current.Is(":") || Current.Is("]") ? null : ParseExpression();
        Expr? step = null;
        if (Accept(":") && !Current.Is("]"))
        {
            step = ParseExpression();
        }
        Expect("]");
        return new SliceExpr(target, start, stop, step, position);
    }

    /// <summary>After '(' : arguments up to and including ')'.</summary>
    private Arguments ParseArguments()
    {
        var positional = new List<Expr>();
        var named = new List<(string, Expr)>();
        while (!Accept(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                Expect(",");
                if (Accept(")"))
                {
                    break;
                }
            }
            if (Current.Kind == TokenKind.Name && _pos + 1 < _tokens.Count && _tokens[_pos + 1].Is("="))
            {
                string name = Advance().Text;
                Advance();
                named.Add((name, ParseExpression()));
            }
            else
            {
                positional.Add(ParseExpression());
            }
        }
        return new Arguments(positional, named);
    }

    private Expr ParseFilters(Expr target)
    {
        while (!AtEndOfTag)
        {
            TemplateToken token = Current;
            if (token.Is("|"))
            {
                Advance();
                string name = ParseDottedName();
                Arguments args = Accept("(") ? ParseArguments() : Arguments.None;
                target = new FilterExpr(target, name, args, token.Position);
            }
            else if (token.IsName("is"))
            {
                Advance();
                bool negated = false;
                if (Current.IsName("not"))
                {
                    Advance();
                    negated = true;
                }
                string name = ParseDottedName();
                Arguments args = Arguments.None;
                if (Accept("("))
                {
                    args = ParseArguments();
                }
                else if (!AtEndOfTag && IsTestArgumentStart(Current))
                {
                    args = new Arguments([ParsePostfix(ParsePrimary())], []);
                }
                target = new TestExpr(target, name, negated, args, token.Position);
            }
            else
            {
                return target;
            }
        }
        return target;
    }

    private static bool IsTestArgumentStart(TemplateToken token) =>
        token.Kind is TokenKind.Integer or TokenKind.Float or TokenKind.String
        || (token.Kind == TokenKind.Name && token.Text is not ("and" or "or" or "if" or "else" or "in" or "not" or "is"))
        || token.Is("[") || token.Is("{");

    private string ParseDottedName()
    {
        string name = ExpectName();
        while (Current.Is(".") && _pos + 1 < _tokens.Count && _tokens[_pos + 1].Kind == TokenKind.Name)
        {
            _pos++;
            name += "." + Advance().Text;
        }
        return name;
    }
}
