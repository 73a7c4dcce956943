using Augur.Tests.Common;

namespace Augur.Engine.Generation.Tests;

public class StopSequencesTests
{
    [Fact]
    public void A_stop_straddling_several_pieces_is_held_back_then_dropped()
    {
        var matcher = new StopSequences(["<|end|>"]);

        Assert.Equal("Hello ", matcher.Append("Hello <").ToString());
        Assert.Equal("", matcher.Append("|e").ToString());
        Assert.Equal("", matcher.Append("n").ToString());
        Assert.False(matcher.IsStopped);
        Assert.Equal("", matcher.Append("d|>tail").ToString());

        Assert.True(matcher.IsStopped);
        Assert.Equal("<|end|>", matcher.MatchedStop);
        Assert.Equal("", matcher.Append("more").ToString());
        Assert.Equal("", matcher.Flush().ToString());
    }

    [Fact]
    public void Text_before_the_stop_in_the_completing_piece_is_emitted()
    {
        var matcher = new StopSequences(["STOP"]);

        Assert.Equal("ab", matcher.Append("abST").ToString());
        Assert.Equal("STcd", matcher.Append("cdSTOPef").ToString());
        Assert.True(matcher.IsStopped);
        Assert.Equal("STOP", matcher.MatchedStop);
    }

    [Fact]
    public void A_prefix_that_turns_out_not_to_be_a_stop_is_emitted_in_order()
    {
        var matcher = new StopSequences(["\n\nUser:"]);

        Assert.Equal("one", matcher.Append("one\n").ToString());
        Assert.Equal("", matcher.Append("\nUse").ToString());
        Assert.Equal("\n\nUser two", matcher.Append("r two").ToString());
        Assert.Equal("", matcher.Append("\n\n").ToString());
        Assert.Equal("\n\n", matcher.Flush().ToString());
        Assert.False(matcher.IsStopped);
        Assert.Null(matcher.MatchedStop);
    }

    [Fact]
    public void A_failed_prefix_keeps_the_part_that_can_still_start_a_stop()
    {
        // "aab" on "aaab": after "aaa" the tail "aa" may still start the stop; the first 'a' cannot.
        var matcher = new StopSequences(["aab"]);

        Assert.Equal("", matcher.Append("a").ToString());
        Assert.Equal("", matcher.Append("a").ToString());
        Assert.Equal("a", matcher.Append("a").ToString());
        Assert.Equal("", matcher.Append("b").ToString());
        Assert.Equal("aab", matcher.MatchedStop);
    }

    [Theory]
    [InlineData("abcd")]
    [InlineData("abc|d")]
    [InlineData("a|b|c|d")]
    [InlineData("ab|cd")]
    public void Overlapping_stops_stop_at_the_first_to_end_however_the_text_is_split(string split)
    {
        // "bc" ends one character before "abcd" could: the output is "a", not "", whatever the pieces.
        var (output, matcher) = StopReference.Feed(["abcd", "bc"], split.Split('|'));

        Assert.Equal("a", output);
        Assert.Equal("bc", matcher.MatchedStop);
    }

    [Fact]
    public void Of_stops_ending_at_the_same_char_the_longest_wins()
    {
        var (output, matcher) = StopReference.Feed(["User:", "\nUser:"], ["hi\nUs", "er: x"]);

        Assert.Equal("hi", output);
        Assert.Equal("\nUser:", matcher.MatchedStop);
    }

    [Fact]
    public void Empty_pieces_change_nothing()
    {
        var matcher = new StopSequences(["xyz"]);

        Assert.Equal("", matcher.Append("").ToString());
        Assert.Equal("a", matcher.Append("ax").ToString());
        Assert.Equal("", matcher.Append("").ToString());
        Assert.Equal("", matcher.Append("y").ToString());
        Assert.Equal("", matcher.Append(default).ToString());
        Assert.Equal("xy", matcher.Flush().ToString());
    }

    [Fact]
    public void Flush_returns_the_tail_once_and_ends_the_text()
    {
        var matcher = new StopSequences(["abc"]);
        Assert.Equal("x", matcher.Append("xab").ToString());

        Assert.Equal("ab", matcher.Flush().ToString());
        Assert.Equal("", matcher.Flush().ToString());
        Assert.Throws<InvalidOperationException>(() => matcher.Append("c"));
    }

    [Fact]
    public void No_stops_pass_everything_through()
    {
        var (output, matcher) = StopReference.Feed([], ["a", "", "bc"]);

        Assert.Equal("abc", output);
        Assert.False(matcher.IsStopped);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_between_emitted_and_held_text()
    {
        const string Grin = "\uD83D\uDE00";
        var matcher = new StopSequences([Grin + "!", "é" + Grin]);

        Assert.Equal("a", matcher.Append("a" + Grin).ToString());
        Assert.Equal(Grin + "?", matcher.Append("?").ToString());
        Assert.Equal(Grin, matcher.Append(Grin + "é").ToString());
        Assert.Equal("", matcher.Append(Grin).ToString());
        Assert.Equal("é" + Grin, matcher.MatchedStop);
    }

    [Fact]
    public void Random_unicode_text_never_splits_a_pair()
    {
        string[] units = ["a", "é", "\uD83D\uDE00", "\uD83C\uDF89", "\u4E2D"];
        var random = new Random(20240611);
        for (int trial = 0; trial < 300; trial++)
        {
            string[] stops = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => units[random.Next(units.Length)])))
                .ToArray();
            string text = string.Concat(Enumerable.Range(0, random.Next(30)).Select(_ => units[random.Next(units.Length)]));
            var matcher = new StopSequences(stops);
            var output = new System.Text.StringBuilder();
            foreach (string piece in StopReference.RandomSplit(text, random))
            {
                string emitted = matcher.Append(piece).ToString();
                Assert.False(emitted.Length > 0 && char.IsHighSurrogate(emitted[^1]), $"'{emitted}' ends inside a pair");
                Assert.False(emitted.Length > 0 && char.IsLowSurrogate(emitted[0]), $"'{emitted}' starts inside a pair");
                output.Append(emitted);
            }
            string tail = matcher.Flush().ToString();
            Assert.False(tail.Length > 0 && char.IsLowSurrogate(tail[0]), $"'{tail}' starts inside a pair");
            Assert.Equal(StopReference.Cut(text, stops).Output, output.Append(tail).ToString());
        }
    }

    [Fact]
    public void Random_texts_and_splits_match_the_reference()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 3000; trial++)
        {
            string alphabet = trial % 2 == 0 ? "ab" : "abc";
            string stopText() => RandomText(random, alphabet, random.Next(1, 6));
            string[] stops = Enumerable.Range(0, random.Next(1, 5)).Select(_ => stopText()).ToArray();
            string text = RandomText(random, alphabet, random.Next(0, 40));
            (string expected, string? expectedStop) = StopReference.Cut(text, stops);
            string context = $"stops [{string.Join(", ", stops)}], text '{text}'";

            var (output, matcher) = StopReference.Feed(stops, StopReference.RandomSplit(text, random), (fed, soFar) =>
            {
                // Never ahead of the final output (no partial stop leaks), and, until a stop, holding back exactly
                // the tail that could still begin one.
                Assert.True(expected.StartsWith(soFar, StringComparison.Ordinal), $"{context}: emitted '{soFar}'");
                if (expectedStop is null || fed.Length < expected.Length + expectedStop.Length)
                    Assert.Equal(fed.Length - StopReference.HeldLength(fed, stops), soFar.Length);
            });

            Assert.True(expected == output, $"{context}: got '{output}', expected '{expected}'");
            Assert.Equal(expectedStop, matcher.MatchedStop);
        }
    }

    [Fact]
    public void One_stop_cuts_at_its_first_occurrence()
    {
        // With a single stop string the cut is plain IndexOf, an oracle independent of both the matcher and the reference.
        var random = new Random(11);
        for (int trial = 0; trial < 1000; trial++)
        {
            string stop = RandomText(random, "ab", random.Next(1, 5));
            string text = RandomText(random, "abc", random.Next(0, 30));
            int at = text.IndexOf(stop, StringComparison.Ordinal);

            var (output, matcher) = StopReference.Feed([stop], StopReference.RandomSplit(text, random));

            Assert.Equal(at < 0 ? text : text[..at], output);
            Assert.Equal(at >= 0, matcher.IsStopped);
        }
    }

    [Fact]
    public void Steady_state_appends_allocate_nothing()
    {
        string[] pieces = ["Hello", " <|en", "d", "|", " wo", "\n", "\nUse", "r", "!", "", "a long piece of text that has nothing in it", "<", "|"];
        var matcher = new StopSequences(["<|end|>", "\n\nUser:", "###"]);
        long sum = 0;
        void Run()
        {
            for (int round = 0; round < 200; round++)
            {
                foreach (string piece in pieces)
                    sum += matcher.Append(piece).Length;
            }
        }
        Run();

        Assert.Equal(0, Allocations.SteadyStateBytes(Run));
        Assert.False(matcher.IsStopped);
        Assert.True(sum > 0);
    }

    public static TheoryData<string?[]> BadStopLists() => new()
    {
        new string?[] { "ok", null },
        new string?[] { "" },
        new string?[] { "ok", new string('x', StopSequences.MaxLength + 1) },
        Enumerable.Range(0, StopSequences.MaxCount + 1).Select(i => (string?)$"s{i}").ToArray(),
        new string?[] { "\uDE00abc" },    // starts with a low surrogate
        new string?[] { "abc\uD83D" },    // ends with half a pair
    };

    [Theory]
    [MemberData(nameof(BadStopLists), DisableDiscoveryEnumeration = true)]
    public void Bad_stop_lists_are_rejected(string?[] stops)
    {
        var e = Assert.Throws<ArgumentException>(() => new StopSequences(stops!));

        Assert.Equal("stops", e.ParamName);
    }

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        string[] stops = Enumerable.Range(0, StopSequences.MaxCount).Select(i => new string((char)('a' + i), StopSequences.MaxLength)).ToArray();
        string text = "x" + stops[5] + "y";

        var (output, matcher) = StopReference.Feed(stops, [text[..100], text[100..]]);

        Assert.Equal("x", output);
        Assert.Same(stops[5], matcher.MatchedStop);
        Assert.Throws<ArgumentNullException>(() => new StopSequences(null!));
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
        });
}
