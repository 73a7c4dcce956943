using System.Text;
using Augur.Tests.Common;

namespace Augur.Models.Tokenizers.Tests;

/// <summary>
/// The per-thread encode state (<see cref="ChunkCache"/> and scratch) must not change results: not when warm, not when
/// tokenizers take turns on one thread; and once warm, encoding into a reused list allocates nothing.
/// </summary>
public sealed class EncodeCacheTests
{
    private static readonly string Text = BuildText(seed: 5, words: 1_500);

    [Fact]
    public void ByteLevelTokenizersTakingTurns_GiveTheirOwnIds()
    {
        AssertTurnsMatchColdThreads(ByteLevelTestTokenizers.Get("llama-bpe"), ByteLevelTestTokenizers.Gpt2Tiktoken);
    }

    [Fact]
    public void SentencePieceTokenizersTakingTurns_GiveTheirOwnIds()
    {
        AssertTurnsMatchColdThreads(TestTokenizers.Llama2, TestTokenizers.Tok512);
    }

    [Theory]
    [InlineData("llama-bpe")]
    [InlineData("qwen2")]
    [InlineData("llama2")]
    public void WarmEncodeIntoReusedList_AllocatesNothing(string name)
    {
        ITokenizer tokenizer = name == "llama2" ? TestTokenizers.Llama2 : ByteLevelTestTokenizers.Get(name);
        var ids = new List<int>(Text.Length);
        void Encode()
        {
            ids.Clear();
            tokenizer.Encode(Text, ids, EncodeSettings.TextOnly);
        }

        for (int i = 0; i < 10; i++)
            Encode(); // warm: the cache is filled, the scratch buffers have grown, the code is jitted

        long allocated = Allocations.SteadyStateBytes(Encode);

        Assert.Equal(0, allocated);
        Assert.True(ids.Count > 1_000);
    }

    /// <summary>Encodes on this thread with <paramref name="a"/>, <paramref name="b"/>, <paramref name="a"/>,
    /// <paramref name="b"/>; each must equal what it gives on a thread of its own (cold state).</summary>
    private static void AssertTurnsMatchColdThreads(ITokenizer a, ITokenizer b)
    {
        int[] expectedA = OnNewThread(() => a.Encode(Text, EncodeSettings.TextOnly));
        int[] expectedB = OnNewThread(() => b.Encode(Text, EncodeSettings.TextOnly));
        Assert.NotEqual(expectedA, expectedB);

        for (int turn = 0; turn < 2; turn++)
        {
            Assert.Equal(expectedA, a.Encode(Text, EncodeSettings.TextOnly));
            Assert.Equal(expectedB, b.Encode(Text, EncodeSettings.TextOnly));
        }
    }

    private static int[] OnNewThread(Func<int[]> encode)
    {
        int[] result = [];
        var thread = new Thread(() => result = encode());
        thread.Start();
        thread.Join();
        return result;
    }

    /// <summary>Words that recur (so the cache hits), numbers, long runs without spaces, several scripts.</summary>
    private static string BuildText(int seed, int words)
    {
        string[] vocabulary = ["the", "of", "cache", "tokenizer", "encoding", "Привет", "世界和平", "مرحبا", "नमस्ते", "😀", "x+=1;", "don't"];
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < words; i++)
        {
            text.Append(random.Next(10) switch
            {
                0 => random.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                1 => new string((char)(0x4E00 + random.Next(1000)), 1) + string.Concat(Enumerable.Range(0, random.Next(60)).Select(_ => (char)(0x4E00 + random.Next(1000)))),
                2 => RandomText.Next(random, 4),
                _ => vocabulary[Math.Min(random.Next(vocabulary.Length), random.Next(vocabulary.Length))],
            });
            text.Append(random.Next(8) == 0 ? "\n" : " ");
        }

        return text.ToString();
    }
}
