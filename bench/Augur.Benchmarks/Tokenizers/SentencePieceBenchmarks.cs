using System.Buffers;
using Augur.Models.Llama2c;
using Augur.Models.Tokenizers;
using BenchmarkDotNet.Attributes;

namespace Augur.Benchmarks.Tokenizers;

/// <summary>
/// SentencePiece BPE with the Llama 2 vocabulary (32000 pieces, from <c>shared/tokenizers/llama2-spm/tokenizer.bin</c>;
/// <c>AUGUR_SHARED</c> overrides the shared folder) on about 4 KB of English.
/// </summary>
[MemoryDiagnoser]
public class SentencePieceBenchmarks
{
    private readonly List<int> _ids = new(4096);
    private SentencePieceBpeTokenizer _tokenizer = null!;
    private int[] _encoded = [];
    private char[] _decodeBuffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _tokenizer = SentencePieceBpeTokenizer.Create(Llama2cTokenizerFile.ReadVocabulary(SharedFiles.Find("tokenizers/llama2-spm/tokenizer.bin")));
        _encoded = _tokenizer.Encode(BenchmarkTexts.English4K);
        _decodeBuffer = new char[BenchmarkTexts.English4K.Length + 16];
    }

    /// <summary>Encode to a new array (BOS included).</summary>
    [Benchmark]
    public int[] Encode() => _tokenizer.Encode(BenchmarkTexts.English4K);

    /// <summary>Encode into a reused list: the steady state of a server, no allocation once warm.</summary>
    [Benchmark]
    public int EncodeIntoList()
    {
        _ids.Clear();
        _tokenizer.Encode(BenchmarkTexts.English4K, _ids, default);
        return _ids.Count;
    }

    [Benchmark]
    public string Decode() => _tokenizer.Decode(_encoded);

    [Benchmark]
    public int DecodeIntoBuffer()
    {
        OperationStatus status = _tokenizer.Decode(_encoded, _decodeBuffer, out _, out int charsWritten);
        return status == OperationStatus.Done ? charsWritten : -1;
    }
}
