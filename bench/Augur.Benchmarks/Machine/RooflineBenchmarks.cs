using System.Globalization;
using System.Runtime.InteropServices;
using Augur.Bench;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Augur.Benchmarks.Machine;

/// <summary>
/// The roofline probe's kernels (<see cref="RooflineProbe"/>) on one thread, under BenchmarkDotNet: a read of a 256 MiB
/// buffer, and the fp32 FMA and int8 dot-product chains. The <c>Rate</c> column is work per mean time: 10^9 bytes/s
/// read, 10^9 fp32 operations/s, 10^9 int8 operations/s. <c>augur bench</c> runs the same kernels on all its threads.
/// </summary>
[Config(typeof(Config))]
public unsafe class RooflineBenchmarks
{
    private const long BufferBytes = 256L << 20;
    private const int Iterations = 1_000_000;

    private float* _buffer;

    [GlobalSetup]
    public void Setup()
    {
        _buffer = (float*)NativeMemory.AlignedAlloc((nuint)BufferBytes, 64);
        new Span<float>(_buffer, (int)(BufferBytes / sizeof(float))).Fill(1f / 1024);
    }

    [GlobalCleanup]
    public void Cleanup() => NativeMemory.AlignedFree(_buffer);

    [Benchmark]
    public float ReadBandwidth() => RooflineProbe.Sum(_buffer, BufferBytes / RooflineProbe.ChunkBytes);

    [Benchmark]
    public float Fp32Fma() => RooflineProbe.FmaChains(Iterations);

    [Benchmark]
    public int Int8Dot() => RooflineProbe.Int8OpsPerIteration > 0 ? RooflineProbe.Int8Chains(Iterations) : 0;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RateColumn());
    }

    /// <summary>Work of one invocation over its mean time, in 10^9 units per second.</summary>
    private sealed class RateColumn : IColumn
    {
        public string Id => nameof(RateColumn);

        public string ColumnName => "Rate (1e9/s)";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "ReadBandwidth: bytes/s; Fp32Fma: fp32 operations/s (FMA = 2); Int8Dot: int8 operations/s; all in 10^9";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double work = benchmarkCase.Descriptor.WorkloadMethod.Name switch
            {
                nameof(ReadBandwidth) => BufferBytes,
                nameof(Fp32Fma) => (double)RooflineProbe.Fp32FlopsPerIteration * Iterations,
                _ => (double)RooflineProbe.Int8OpsPerIteration * Iterations,
            };
            double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return nanoseconds is > 0 && work > 0 ? (work / nanoseconds.Value).ToString("F1", CultureInfo.InvariantCulture) : "NA";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
