using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Augur.Benchmarks;

/// <summary>
/// A column giving a rate in 10^9 units per second: the units one operation handles (bytes read, arithmetic operations)
/// over the operation's mean time in nanoseconds.
/// </summary>
internal sealed class RateColumn(string name, string legend, Func<BenchmarkCase, double> unitsPerOperation) : IColumn
{
    public string Id => nameof(RateColumn) + name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        double units = unitsPerOperation(benchmarkCase);
        return nanoseconds is > 0 && units > 0 && double.IsFinite(units)
            ? (units / nanoseconds.Value).ToString("F1", CultureInfo.InvariantCulture)
            : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
