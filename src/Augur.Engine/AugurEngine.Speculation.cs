using System.Diagnostics;
using Augur.Engine.Scheduling;
using Augur.Engine.Speculative;

namespace Augur.Engine;

public sealed partial class AugurEngine
{
    /// <summary>The acceptance rule; tests swap in a broken one to show that the statistical test catches it.</summary>
    internal SpeculativeVerifier.Rule VerifyRule { get; set; } = SpeculativeVerifier.Verify;

    /// <summary>
    /// The drafter of <see cref="SpeculativeMethod.Ngram"/> requests: prompt lookup. Benchmarks put a replaying drafter
    /// of controlled acceptance in its place.
    /// </summary>
    internal IDrafter LookupDrafter { get; set; } = new NgramDrafter();

    /// <summary>
    /// Drafts for every decoding sequence the scheduler gave draft room, then adds the drafts to the batch right after
    /// their sequence's decode token, each wanting its logits: the target scores all k + 1 positions in the pass.
    /// </summary>
    private void Draft()
    {
        _ngramDrafts.Clear();
        _modelDrafts.Clear();
        foreach (ScheduledSequence entry in _scheduled)
        {
            DraftState? draft = entry.Sequence.Draft;
            if (draft is null)
                continue;
            draft.Count = 0;
            if (draft.Limit > 0 && entry.LogitsRow >= 0)
                (draft.Options.Method == SpeculativeMethod.Ngram ? _ngramDrafts : _modelDrafts).Add(entry.Sequence);
        }
        if (_ngramDrafts.Count + _modelDrafts.Count == 0)
            return;

        long start = Stopwatch.GetTimestamp();
        LookupDrafter.Propose(_ngramDrafts);
        _draftModel?.Propose(_modelDrafts);
        int drafted = 0;
        foreach (List<Sequence> list in (ReadOnlySpan<List<Sequence>>)[_ngramDrafts, _modelDrafts])
        {
            foreach (Sequence s in list)
            {
                DraftState draft = s.Draft!;
                for (int i = 0; i < draft.Count; i++)
                {
                    int row = _batch.Add(draft.Tokens[i], s.Computed + 1 + i, s.Table, wantLogits: true, s.Request.Adapter); // verified with the adapter
                    if (i == 0)
                        draft.FirstRow = row;
                }
                drafted += draft.Count;
            }
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        _draftSeconds += seconds;
        _draftPolicy.RecordDraft(drafted, seconds);
    }

    /// <summary>
    /// Runs the acceptance rule over a sequence's draft, position by position, emitting each accepted token and then
    /// the target's own (the replacement of the first rejected draft, or a bonus token when all were accepted); stops
    /// early when a token finishes the sequence. The positions past the last accepted token are cut from the tables.
    /// </summary>
    private void Verify(Sequence s, int decodeRow, long now)
    {
        DraftState draft = s.Draft!;
        int accepted = 0;
        bool finished = false, rejected = false;
        for (int i = 0; i <= draft.Count && !finished; i++)
        {
            int row = i == 0 ? decodeRow : draft.FirstRow + i - 1;
            if (i == draft.Count)
            {
                finished = Emit(s, Sample(s, row), now); // every draft accepted: a bonus token from the target
                break;
            }
            CopyLogits(s, row);
            s.Sampler!.ComputeProbabilities(_logits, s.Tokens, _probabilities);
            ReadOnlySpan<float> q = draft.HasDistributions ? draft.Distribution(i) : default;
            bool ok = VerifyRule(s.Sampler, _probabilities, q, draft.Tokens[i], _residual, out int replacement);
            finished = Emit(s, ok ? draft.Tokens[i] : replacement, now);
            if (!ok)
            {
                rejected = true;
                break;
            }
            accepted++;
        }

        _draftedTokens += draft.Count;
        _acceptedTokens += accepted;
        s.DraftedTokens += draft.Count;
        s.AcceptedDraftTokens += accepted;
        _draftRounds++;
        if (rejected)
            _draftRejections++;
        draft.Record(accepted);
        if (!finished)
        {
            s.Table.Truncate(s.Count - 1); // keys and values stay for the accepted tokens only
            _draftModel?.Rewind(s);
        }
    }

    private void ReleaseDraft(Sequence s)
    {
        if (s.Draft?.Options.Method == SpeculativeMethod.DraftModel)
            _draftModel?.Release(s);
    }
}
