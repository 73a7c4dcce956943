using Augur.Models.Llama2c;

namespace Augur.Cli.Commands;

/// <summary><c>augur convert llama2c --model X.bin --tokenizer tok.bin --out X.gguf</c>: brings a model into GGUF.</summary>
internal static class ConvertCommand
{
    public static int Execute(CommandLine args)
    {
        string format = args.Positionals(1, "a source format: llama2c")[0];
        if (format != "llama2c")
            throw new UsageException($"convert: unknown source format '{format}' (supported: llama2c)");
        string model = args.RequiredString("model", "m");
        string tokenizer = args.RequiredString("tokenizer");
        string output = args.RequiredString("out", "o");
        args.EnsureAllUsed();
        RequireFile(model);
        RequireFile(tokenizer);

        using (var progress = new ProgressBar("converting", 1000))
            Llama2cConverter.Convert(model, tokenizer, output, progress.Report);
        Console.Error.WriteLine($"wrote {output}");
        return 0;
    }

    internal static void RequireFile(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"file not found: {path}");
    }
}
