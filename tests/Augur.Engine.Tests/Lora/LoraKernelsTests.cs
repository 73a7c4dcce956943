namespace Augur.Engine.Lora.Tests;

/// <summary>The blocked LoRA products: a token's numbers are the same alone or in any block, and right.</summary>
public sealed class LoraKernelsTests
{
    [Theory]
    [InlineData(5, 37, 11)]   // odd rows, a tail after the vectors, a block of 4 + 4 + 3
    [InlineData(8, 768, 16)]
    [InlineData(3, 7, 2)]     // shorter than one vector
    public void ProjectDown_EachTokenAlone_GivesTheBitsOfTheBlock_AndTheDotProducts(int rows, int inputWidth, int tokenCount)
    {
        var random = new Random(rows * 1000 + inputWidth);
        float[] a = Gaussian(random, rows * inputWidth), input = Gaussian(random, (tokenCount + 3) * inputWidth);
        int[] tokens = [.. Enumerable.Range(0, tokenCount + 3).OrderBy(_ => random.Next()).Take(tokenCount)];
        int uStride = rows + 2;
        var block = new float[tokenCount * uStride];

        LoraKernels.ProjectDown(a, rows, inputWidth, input, tokens, block, uStride);

        for (int i = 0; i < tokenCount; i++)
        {
            var alone = new float[rows];
            LoraKernels.ProjectDown(a, rows, inputWidth, input, tokens.AsSpan(i, 1), alone, uStride);
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(alone[r], block[i * uStride + r]);
                double expected = 0;
                for (int k = 0; k < inputWidth; k++)
                    expected += (double)a[r * inputWidth + k] * input[tokens[i] * inputWidth + k];
                Assert.Equal(expected, block[i * uStride + r], 1e-4);
            }
        }
    }

    [Theory]
    [InlineData(5, 300, 7)]   // chunks of 128, 128 and 44 columns; pairs of tokens and one left
    [InlineData(32, 768, 4)]
    [InlineData(1, 13, 3)]
    public void ProjectUp_EachTokenAlone_GivesTheBitsOfTheBlock_AndTheProducts(int rank, int width, int tokenCount)
    {
        var random = new Random(rank * 1000 + width);
        float[] bt = Gaussian(random, rank * width); // (rank, width) row-major, cut into chunks below
        var chunked = new float[bt.Length];
        for (int j = 0; j < rank; j++)
        {
            for (int o = 0; o < width; o++)
            {
                int c = o / LoraAdapter.ColumnChunk, columns = Math.Min(LoraAdapter.ColumnChunk, width - c * LoraAdapter.ColumnChunk);
                chunked[c * LoraAdapter.ColumnChunk * rank + j * columns + o - c * LoraAdapter.ColumnChunk] = bt[j * width + o];
            }
        }
        int uStride = rank + 1;
        float[] u = Gaussian(random, tokenCount * uStride);
        int[] tokens = [.. Enumerable.Range(0, tokenCount + 2).OrderBy(_ => random.Next()).Take(tokenCount)];
        float[] start = Gaussian(random, (tokenCount + 2) * width);
        float[] block = (float[])start.Clone(), alone = (float[])start.Clone();

        for (int column = 0; column < width; column += LoraAdapter.ColumnChunk)
        {
            int columns = Math.Min(LoraAdapter.ColumnChunk, width - column);
            ReadOnlySpan<float> chunk = chunked.AsSpan(column * rank, rank * columns);
            LoraKernels.ProjectUp(chunk, width, column, u, uStride, block, tokens);
            for (int i = 0; i < tokenCount; i++)
                LoraKernels.ProjectUp(chunk, width, column, u.AsSpan(i * uStride), uStride, alone, tokens.AsSpan(i, 1));
        }

        Assert.Equal(alone, block);
        for (int i = 0; i < tokenCount; i++)
        {
            for (int o = 0; o < width; o++)
            {
                double expected = start[tokens[i] * width + o];
                for (int j = 0; j < rank; j++)
                    expected += (double)u[i * uStride + j] * bt[j * width + o];
                Assert.Equal(expected, block[tokens[i] * width + o], 1e-4);
            }
        }
        Assert.NotEqual(start, block);
    }

    private static float[] Gaussian(Random random, int count)
    {
        var result = new float[count];
        for (int i = 0; i < count; i++)
            result[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return result;
    }
}
