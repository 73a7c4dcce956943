using System.Globalization;
using Augur.Models;
using Augur.Models.Tokenizers;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur tokenize --model FILE --text T [--ids] [--tokenizer FILE] [--parse-special]</c>: the model's tokenization of a
/// text, one <c>id 'piece'</c> per line, or with <c>--ids</c> the ids alone on one line. BOS is added as the model does.
/// </summary>
internal static class TokenizeCommand
{
    public static int Execute(CommandLine args)
    {
        string model = args.RequiredString("model", "m");
        string? tokenizerPath = args.String("tokenizer");
        string text = args.RequiredString("text");
        bool idsOnly = args.Switch("ids");
        bool parseSpecial = args.Switch("parse-special");
        args.EnsureAllUsed();
        ConvertCommand.RequireFile(model);

        using ModelFile file = ModelFile.Open(model, tokenizerPath);
        ITokenizer tokenizer = file.Tokenizer;
        int[] ids = tokenizer.Encode(text, new EncodeSettings { ParseSpecial = parseSpecial });

        if (idsOnly)
        {
            Console.Out.WriteLine(string.Join(' ', ids));
            return 0;
        }
        foreach (int id in ids)
        {
            string piece = tokenizer.Vocabulary.GetPiece(new TokenId(id));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id,7} '{piece}'"));
        }
        return 0;
    }
}
