using Augur.Benchmarks;
using BenchmarkDotNet.Running;

// "synth …" writes a synthetic benchmark model; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "synth")
    return SyntheticModelCommand.Run(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
