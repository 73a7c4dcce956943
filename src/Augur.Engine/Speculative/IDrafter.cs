using Augur.Engine.Scheduling;

namespace Augur.Engine.Speculative;

/// <summary>A source of draft tokens for the sequences of a step.</summary>
internal interface IDrafter : IDisposable
{
    SpeculativeMethod Method { get; }

    /// <summary>
    /// Drafts up to <see cref="DraftState.Limit"/> tokens for each sequence (its next tokens after <see cref="Sequence.Tokens"/>),
    /// setting <see cref="DraftState.Count"/>, the tokens and, for a sampling drafter, their distributions.
    /// </summary>
    void Propose(IReadOnlyList<Sequence> sequences);

    /// <summary>After verification or preemption: forget what the drafter computed past the sequence's accepted tokens.</summary>
    void Rewind(Sequence sequence);

    /// <summary>The sequence is done: free what the drafter holds for it.</summary>
    void Release(Sequence sequence);
}
