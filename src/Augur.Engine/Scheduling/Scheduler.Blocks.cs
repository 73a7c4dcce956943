using Augur.Engine.Model;

namespace Augur.Engine.Scheduling;

internal sealed partial class Scheduler
{
    private enum Room
    {
        /// <summary>The blocks are free: reserve them.</summary>
        Ready,

        /// <summary>Too few blocks, and no one the sequence may preempt.</summary>
        Short,

        /// <summary>The sequence was preempted itself (the last admitted of its class); it waits to be recomputed.</summary>
        PreemptedItself,

        /// <summary>Even the whole cache cannot hold the sequence.</summary>
        Impossible,
    }

    /// <summary>
    /// Frees blocks for <paramref name="tokens"/> more tokens of <paramref name="s"/> by preempting, from the end of
    /// the running list (lowest priority, most recently admitted), sequences not scheduled this step and not of higher
    /// priority than <paramref name="s"/> (of lower priority only when <paramref name="admitting"/> it). When that end
    /// is <paramref name="s"/> itself, it is preempted only if <paramref name="canPreemptItself"/>.
    /// </summary>
    private Room MakeRoom(Sequence s, int tokens, bool canPreemptItself, bool admitting = false)
    {
        if (BlocksFor(s.Computed + tokens) > _cache.BlockCount)
            return Room.Impossible;
        while (s.Table.BlocksToReserve(tokens) > _cache.FreeBlocks)
        {
            Sequence? victim = LastUnscheduled();
            if (victim is null || victim.Priority < s.Priority || (admitting && victim.Priority == s.Priority))
                return Room.Short;
            if (victim == s)
            {
                if (!canPreemptItself)
                    return Room.Short;
                Preempt(s);
                return Room.PreemptedItself;
            }
            Preempt(victim);
        }
        return Room.Ready;
    }

    /// <summary>
    /// At the running limit, an interactive sequence takes the slot of the most recently admitted batch sequence
    /// not yet scheduled this step (preempted, to be recomputed later); false when there is none.
    /// </summary>
    private bool FreeSlotFor(Sequence s)
    {
        Sequence? victim = LastUnscheduled();
        if (victim is null || victim.Priority <= s.Priority)
            return false;
        Preempt(victim);
        return true;
    }

    private Sequence? LastUnscheduled()
    {
        for (int i = _running.Count - 1; i >= 0; i--)
        {
            if (_running[i].ScheduledStep != _step)
                return _running[i];
        }
        return null;
    }

    private void Preempt(Sequence victim)
    {
        _running.Remove(victim);
        victim.Table.Release();
        victim.PublishedBlocks = 0;
        victim.Preemptions++;
        victim.PreemptedStep = _step;
        Preemptions++;
        Add(victim);
    }

    /// <summary>The most of <paramref name="tokens"/> (from the front) whose blocks are free now.</summary>
    private int FittingTokens(Sequence s, int tokens)
    {
        if (s.Table.BlocksToReserve(tokens) <= _cache.FreeBlocks)
            return tokens;
        int low = 0, high = tokens; // BlocksToReserve(low) fits, BlocksToReserve(high) does not
        while (high - low > 1)
        {
            int middle = (low + high) / 2;
            if (s.Table.BlocksToReserve(middle) <= _cache.FreeBlocks)
                low = middle;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>
    /// Puts <paramref name="tokens"/> of <paramref name="s"/>'s pending tokens in the batch, with slots reserved for
    /// <paramref name="draftTokens"/> more after them; returns how many tokens the step takes from the budget.
    /// </summary>
    private int Take(Sequence s, int tokens, ForwardBatch batch, List<ScheduledSequence> scheduled, int draftTokens = 0)
    {
        if (!s.Table.TryReserve(tokens + draftTokens))
            throw new InvalidOperationException("Blocks checked free were not."); // a scheduler bug, never input
        int start = s.Computed;
        int row = batch.AddRange(s.Tokens.Slice(start, tokens), start, s.Table, wantLastLogits: start + tokens == s.Count, s.Request.Adapter);
        scheduled.Add(new ScheduledSequence(s, tokens, row));
        s.ScheduledStep = _step;
        if (s.Draft is not null)
            s.Draft.Limit = draftTokens;
        return tokens + draftTokens;
    }

    /// <summary>
    /// Appends to <paramref name="s"/>'s empty table the cached blocks that begin its tokens, leaving at least one token
    /// to compute (its logits are needed); returns how many blocks matched.
    /// </summary>
    private int MatchPrefix(Sequence s)
    {
        if (!_options.PrefixCaching)
            return 0;
        int matched = 0, candidates = (s.Count - 1) / _cache.BlockTokens;
        while (matched < candidates && _cache.TryFind(s.BlockHashAt(matched), out int block))
        {
            s.Table.AppendShared(block);
            matched++;
        }
        return matched;
    }

    /// <summary>Inserts a newly admitted sequence after every running one of its priority or higher.</summary>
    private void InsertRunning(Sequence s)
    {
        int at = _running.Count;
        while (at > 0 && _running[at - 1].Priority > s.Priority)
            at--;
        _running.Insert(at, s);
    }

    private int BlocksFor(int tokens) => (tokens + _cache.BlockTokens - 1) / _cache.BlockTokens;
}
