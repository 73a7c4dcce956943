using System.Globalization;
using System.Text.RegularExpressions;
using Augur.Models.Tokenizers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Ml = Microsoft.ML.Tokenizers;

namespace Augur.Benchmarks.Tokenizers;

/// <summary>
/// Encode throughput on 1 MiB of text (<see cref="CorpusGenerator"/>: English, or mixed scripts with code and
/// tables), Augur against Microsoft.ML.Tokenizers with the same vocabulary: Llama 3 (tiktoken ranks, Llama 3 regex) and
/// Llama 2 (SentencePiece BPE). Both sides encode the text alone to ids: no BOS/EOS, no special-token parsing. Setup
/// fails unless both give the same ids. The <c>MB/s</c> column is text bytes (10^6) per second of median time.
/// </summary>
/// <remarks>
/// <see cref="MicrosoftMl"/> returns a new list, as <see cref="Augur"/> returns a new array; <see cref="AugurIntoList"/>
/// appends to a reused list (the server's steady state). Vocabularies come from <c>shared/tokenizers</c>
/// (<c>AUGUR_SHARED</c> overrides the shared folder).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class EncodeThroughputBenchmarks
{
    /// <summary>Size of each text in UTF-8 bytes: 1 MiB.</summary>
    public const int TextBytes = 1 << 20;

    private const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly List<int> _ids = new(TextBytes / 2);
    private ITokenizer _ours = null!;
    private Ml.Tokenizer _theirs = null!;
    private string _text = "";

    public enum Vocab
    {
        Llama3,
        Llama2,
    }

    public enum Corpus
    {
        English,
        Mixed,
    }

    [Params(Vocab.Llama3, Vocab.Llama2)]
    public Vocab Vocabulary { get; set; }

    [Params(Corpus.English, Corpus.Mixed)]
    public Corpus Text { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Text == Corpus.English ? CorpusGenerator.English(TextBytes) : CorpusGenerator.Mixed(TextBytes);
        if (Vocabulary == Vocab.Llama3)
        {
            string path = SharedFiles.Find("tokenizers/llama3-tiktoken/tokenizer.model");
            _ours = TiktokenFile.ReadLlama3(path);
            _theirs = Ml.TiktokenTokenizer.Create(path, new Ml.RegexPreTokenizer(new Regex(Llama3Pattern, RegexOptions.Compiled), null), null);
        }
        else
        {
            string path = SharedFiles.Find("tokenizers/llama2-spm/tokenizer.model");
            _ours = SentencePieceBpeTokenizer.Create(SentencePieceModelFile.Read(path));
            using FileStream stream = File.OpenRead(path);
            _theirs = Ml.LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
        }

        int[] ours = Augur();
        IReadOnlyList<int> theirs = MicrosoftMl();
        int same = 0;
        while (same < ours.Length && same < theirs.Count && ours[same] == theirs[same])
            same++;
        if (same != ours.Length || same != theirs.Count)
        {
            throw new InvalidOperationException(
                $"{Vocabulary}/{Text}: Augur gives {ours.Length} ids, Microsoft.ML.Tokenizers {theirs.Count}; they differ from id {same}, " +
                $"near text \"{_text.Substring(Math.Max(0, _text.Length * same / Math.Max(1, ours.Length) - 40), 80)}\".");
        }

        Console.WriteLine($"// {Vocabulary}/{Text}: {_text.Length} chars, {ours.Length} ids, identical.");
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<int> MicrosoftMl() => _theirs.EncodeToIds(_text);

    [Benchmark]
    public int[] Augur() => _ours.Encode(_text, EncodeSettings.TextOnly);

    [Benchmark]
    public int AugurIntoList()
    {
        _ids.Clear();
        _ours.Encode(_text, _ids, EncodeSettings.TextOnly);
        return _ids.Count;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }

    /// <summary>Text bytes per second of the median time, in 10^6 bytes/s.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Text bytes encoded per second of median time, in 10^6 bytes/s";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
            return nanoseconds is > 0 ? (TextBytes * 1e3 / nanoseconds.Value).ToString("F2", CultureInfo.InvariantCulture) : "NA";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
