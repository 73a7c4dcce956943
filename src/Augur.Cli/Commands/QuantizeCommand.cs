using Augur.Models.Quantization;
using Augur.Tensors;

namespace Augur.Cli.Commands;

/// <summary><c>augur quantize IN.gguf --type q4_k --out OUT.gguf</c>: rewrites a model's weights in another type.</summary>
internal static class QuantizeCommand
{
    public static int Execute(CommandLine args)
    {
        string input = args.Positionals(1, "one input GGUF file")[0];
        string typeName = args.RequiredString("type");
        string output = args.RequiredString("out", "o");
        args.EnsureAllUsed();
        ConvertCommand.RequireFile(input);

        TensorType type;
        try
        {
            type = TensorTypeNames.Parse(typeName);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--type must be one of {string.Join(", ", TensorTypeNames.ValidNames)}; got '{typeName}'");
        }

        using (var progress = new ProgressBar($"quantizing to {TensorTypeNames.NameOf(type)}", 1000))
            GgufQuantizer.Quantize(input, output, type, progress.Report);
        Console.Error.WriteLine($"wrote {output}");
        return 0;
    }
}
