using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace Augur.Engine.Model.Tests;

/// <summary>
/// llama2.c run.c's generation loop at temperature 0, and its piece printing from a tokenizer.bin — just enough to
/// compare with run.c's documented outputs before the real tokenizer and sampler are merged in.
/// </summary>
internal static class RunCGreedy
{
    public const int Bos = 1;

    /// <summary>run.c <c>generate</c>: <paramref name="steps"/> forward positions; prompt tokens after BOS are forced, then
    /// argmax; stops early if BOS comes out. Returns the tokens after the first (forced ones included).</summary>
    public static List<int> Generate(Transformer model, int[] prompt, int steps)
    {
        var output = new List<int>();
        int token = prompt[0];
        for (int pos = 0; pos < steps; pos++)
        {
            ReadOnlySpan<float> logits = model.Forward(token, pos);
            int next = pos < prompt.Length - 1 ? prompt[pos + 1] : TensorPrimitives.IndexOfMax(logits);
            if (next == Bos)
                break;
            output.Add(next);
            token = next;
        }
        return output;
    }

    public static int[] ReadIds(string path) =>
        File.ReadAllText(path).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>What run.c prints for <paramref name="tokens"/> following <paramref name="first"/>.</summary>
    public static string Decode(string tokenizerBin, int first, IEnumerable<int> tokens)
    {
        byte[][] pieces = ReadPieces(tokenizerBin);
        var bytes = new List<byte>();
        int previous = first;
        foreach (int token in tokens)
        {
            byte[] piece = pieces[token];
            if (previous == Bos && piece.Length > 0 && piece[0] == (byte)' ')
                piece = piece[1..];
            string text = Encoding.ASCII.GetString(piece);
            if (text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text.EndsWith('>'))
                bytes.Add(byte.Parse(text.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            else
                bytes.AddRange(piece);
            previous = token;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static byte[][] ReadPieces(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.ReadInt32(); // max token length
        var pieces = new List<byte[]>();
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            reader.ReadSingle(); // score
            pieces.Add(reader.ReadBytes(reader.ReadInt32()));
        }
        return pieces.ToArray();
    }
}
