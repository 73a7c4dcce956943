namespace Augur.Engine.Scheduling;

/// <summary>A sequence's part of one step: its tokens are in the batch; <see cref="LogitsRow"/> ≥ 0 when it samples after the pass.</summary>
internal readonly record struct ScheduledSequence(Sequence Sequence, int Tokens, int LogitsRow);
