namespace Augur.Models.Lora;

/// <summary>
/// The two low-rank factors of one adapted projection, as PEFT stores them: <see cref="A"/> <c>(rank, input)</c> and
/// <see cref="B"/> <c>(output, rank)</c>, row-major F32, so that the projection's weight <c>W (output, input)</c>
/// becomes <c>W + scale·B·A</c>. B's rows follow the base model's (GGUF) row order.
/// </summary>
public sealed class LoraMatrixPair
{
    public LoraMatrixPair(int rank, int input, int output, float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != (long)rank * input || b.Length != (long)output * rank)
            throw new ArgumentException($"A must hold {rank}×{input} and B {output}×{rank} elements.");
        Rank = rank;
        Input = input;
        Output = output;
        A = a;
        B = b;
    }

    public int Rank { get; }

    public int Input { get; }

    public int Output { get; }

    /// <summary>(rank, input)</summary>
    public float[] A { get; }

    /// <summary>(output, rank)</summary>
    public float[] B { get; }
}
