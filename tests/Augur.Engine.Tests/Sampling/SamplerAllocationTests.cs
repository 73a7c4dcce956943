using Augur.Tests.Common;

namespace Augur.Engine.Sampling.Tests;

/// <summary>After construction, sampling allocates nothing: the buffers are sized to the vocabulary up front.</summary>
public class SamplerAllocationTests
{
    private const int Vocab = 32000;

    [Theory]
    [InlineData(0f, 0, 1f, 0f, 1.1f)]
    [InlineData(1f, 0, 1f, 0f, 1f)]
    [InlineData(0.8f, 40, 0.95f, 0f, 1f)]
    [InlineData(0.8f, 40, 0.95f, 0.05f, 1.1f)]
    [InlineData(1f, 0, 0.9f, 0f, 1f)]
    [InlineData(1f, 0, 1f, 0.05f, 1f)]
    [InlineData(1.2f, 0, 0.95f, 0.01f, 1.3f)]
    public void Sample_AfterWarmUp_AllocatesNothing(float temperature, int topK, float topP, float minP, float repetition)
    {
        var options = new SamplingOptions
        {
            Temperature = temperature,
            TopK = topK,
            TopP = topP,
            MinP = minP,
            RepetitionPenalty = repetition,
            FrequencyPenalty = 0.1f,
            PresencePenalty = 0.1f,
            Seed = 1,
        };
        var sampler = new Sampler(Vocab, options);
        float[] logits = ReferenceSampler.RandomLogits(Vocab, seed: 12);
        var scratch = new float[Vocab];
        var probabilities = new float[Vocab];
        int[] history = Enumerable.Range(0, 100).Select(i => i * 37 % Vocab).ToArray();

        void Run()
        {
            for (int i = 0; i < 20; i++)
            {
                logits.CopyTo(scratch, 0);
                sampler.Sample(scratch, history);
                logits.CopyTo(scratch, 0);
                sampler.ComputeProbabilities(scratch, history, probabilities);
                sampler.SampleFrom(probabilities);
            }
        }

        Run();
        long allocated = Allocations.SteadyStateBytes(Run);

        Assert.Equal(0, allocated);
    }
}
