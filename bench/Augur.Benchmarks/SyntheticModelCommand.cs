using System.Diagnostics;
using System.Globalization;
using Augur.Bench;
using Augur.Models.Quantization;
using Augur.Tensors;
using Augur.Tests.Common;

namespace Augur.Benchmarks;

/// <summary>
/// <c>synth --shape llama-1b|tiny-24m --type f16|q8_0|q4_0|q4_k|… --out FILE [--seed N]</c>: writes a random-weight
/// llama GGUF of a benchmark shape (<see cref="BenchmarkShapes"/>) with <see cref="SyntheticModels.Write"/> (which generates and writes one tensor at
/// a time, so a 1.1B-parameter file never sits in memory whole). Returns the process exit code.
/// </summary>
internal static class SyntheticModelCommand
{
    private const string Usage = "usage: synth --shape llama-1b|tiny-24m --type f16|q8_0|q4_0|q4_k --out FILE [--seed N]";

    public static int Run(string[] args)
    {
        string? shapeName = null, typeName = null, output = null;
        int seed = 1;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--shape": shapeName = args[i + 1]; break;
                case "--type": typeName = args[i + 1]; break;
                case "--out": output = args[i + 1]; break;
                case "--seed" when int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int s): seed = s; break;
                default: return Fail($"unknown or bad option '{args[i]}'");
            }
        }
        if (args.Length % 2 != 0 || shapeName is null || typeName is null || output is null)
            return Fail("--shape, --type and --out are all required");
        if (!BenchmarkShapes.All.TryGetValue(shapeName, out SyntheticModelShape? shape))
            return Fail($"unknown shape '{shapeName}'");

        TensorType type;
        try
        {
            type = TensorTypeNames.Parse(typeName);
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }

        Console.Error.WriteLine($"synth: writing {shape} {type} to {output} (seed {seed})");
        long start = Stopwatch.GetTimestamp();
        SyntheticModels.Write(output, shape, type, seed);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"synth: {new FileInfo(output).Length / (double)(1L << 20):F1} MiB in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s"));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"synth: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
