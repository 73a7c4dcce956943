using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Engine.Requests;

namespace Augur.Engine.Scheduling;

/// <summary>
/// Chooses each step's work under a token budget. Interactive work goes before batch work; within a class, decodes
/// first, then the next chunks of prompts being prefilled, then new admissions. Batch sequences are admitted only
/// while no interactive one waits. When KV blocks run out, running sequences are preempted (their blocks released,
/// to be recomputed later — cheaply, from the prefix cache): the lowest-priority, most recently admitted first. An
/// interactive admission may preempt batch work; nothing preempts an interactive sequence for a batch one.
/// </summary>
/// <remarks>Runs on the engine thread only. Finishing sequences is the engine's job: it calls <see cref="Remove"/>.</remarks>
internal sealed partial class Scheduler
{
    private readonly KvCache _cache;
    private readonly EngineOptions _options;
    private readonly List<Sequence> _running = [];               // interactive first, then batch; each by admission
    private readonly List<Sequence>[] _waiting = [[], []];       // per priority, by submission
    private readonly Func<Sequence, int, int>? _draftLength;
    private long _admissions;
    private long _step;

    /// <param name="cache">The target's KV cache.</param>
    /// <param name="options">Budgets and limits.</param>
    /// <param name="draftLength">
    /// For a speculating sequence and the number of running sequences, the draft length it wants this step; its
    /// decode then reserves room for the draft too, when the budget and free blocks allow (drafts never preempt).
    /// </param>
    public Scheduler(KvCache cache, EngineOptions options, Func<Sequence, int, int>? draftLength = null)
    {
        _cache = cache;
        _options = options;
        _draftLength = draftLength;
    }

    public IReadOnlyList<Sequence> Running => _running;

    public int WaitingCount => _waiting[0].Count + _waiting[1].Count;

    public long Preemptions { get; private set; }

    /// <summary>Prompt tokens looked up in the prefix cache at first admission, and those found there.</summary>
    public long PrefixQueryTokens { get; private set; }

    public long PrefixHitTokens { get; private set; }

    /// <summary>Queues a new (or preempted) sequence for admission.</summary>
    public void Add(Sequence sequence)
    {
        sequence.Status = SequenceStatus.Waiting;
        List<Sequence> queue = _waiting[(int)sequence.Priority];
        int at = queue.Count;
        while (at > 0 && queue[at - 1].Id > sequence.Id)
            at--;
        queue.Insert(at, sequence);
    }

    /// <summary>Takes a sequence out of the scheduler, wherever it is, and returns its blocks.</summary>
    public void Remove(Sequence sequence)
    {
        if (sequence.Status == SequenceStatus.Running)
            _running.Remove(sequence);
        else if (sequence.Status == SequenceStatus.Waiting)
            _waiting[(int)sequence.Priority].Remove(sequence);
        sequence.Table.Release();
        sequence.PublishedBlocks = 0;
        sequence.Status = SequenceStatus.Finished;
    }

    public bool IsEmpty => _running.Count == 0 && WaitingCount == 0;

    /// <summary>Adds every sequence the scheduler holds to <paramref name="destination"/>, running then waiting.</summary>
    public void CollectAll(List<Sequence> destination)
    {
        destination.AddRange(_running);
        destination.AddRange(_waiting[0]);
        destination.AddRange(_waiting[1]);
    }

    /// <summary>Adds the sequences whose cancellation was requested to <paramref name="destination"/>.</summary>
    public void CollectCancelled(List<Sequence> destination)
    {
        foreach (Sequence s in _running)
        {
            if (s.CancelRequested)
                destination.Add(s);
        }
        foreach (List<Sequence> queue in _waiting)
        {
            foreach (Sequence s in queue)
            {
                if (s.CancelRequested)
                    destination.Add(s);
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with this step's tokens and <paramref name="scheduled"/> with who they belong to.
    /// Sequences that cannot fit in the whole cache even alone go to <paramref name="exhausted"/>, to be finished.
    /// </summary>
    public void Schedule(ForwardBatch batch, List<ScheduledSequence> scheduled, List<Sequence> exhausted)
    {
        batch.Clear();
        scheduled.Clear();
        _step++;
        int budget = Math.Min(_options.MaxBatchTokens, batch.Capacity);
        foreach (RequestPriority priority in (ReadOnlySpan<RequestPriority>)[RequestPriority.Interactive, RequestPriority.Batch])
        {
            budget = ScheduleDecodes(priority, budget, batch, scheduled, exhausted);
            budget = ScheduleRunningPrefills(priority, budget, batch, scheduled);
            if (priority == RequestPriority.Batch && _waiting[(int)RequestPriority.Interactive].Count > 0)
                break; // batch work waits while an interactive sequence does
            budget = Admit(priority, budget, batch, scheduled);
        }
    }

    private int ScheduleDecodes(RequestPriority priority, int budget, ForwardBatch batch, List<ScheduledSequence> scheduled, List<Sequence> exhausted)
    {
        for (int i = 0; i < _running.Count && budget > 0; i++)
        {
            Sequence s = _running[i];
            if (s.Priority != priority || s.Pending != 1 || s.ScheduledStep == _step)
                continue;
            Room room = MakeRoom(s, 1, canPreemptItself: true);
            if (room == Room.Impossible)
            {
                Remove(s);
                exhausted.Add(s);
            }
            if (room != Room.Ready)
            {
                i--; // s left the running list
                continue;
            }
            budget -= Take(s, 1, batch, scheduled, DraftRoom(s, budget - 1));
        }
        return budget;
    }

    /// <summary>The draft tokens a decoding sequence gets this step: what it wants, within the budget, its token limit and the free blocks.</summary>
    private int DraftRoom(Sequence s, int budget)
    {
        if (s.Draft is null)
            return 0;
        int wanted = Math.Min(Math.Min(_draftLength!(s, _running.Count), budget), s.MaxLength - s.Count - 1);
        s.Draft.Limit = wanted <= 0 ? 0 : FittingTokens(s, 1 + wanted) - 1;
        return s.Draft.Limit;
    }

    private int ScheduleRunningPrefills(RequestPriority priority, int budget, ForwardBatch batch, List<ScheduledSequence> scheduled)
    {
        for (int i = 0; i < _running.Count && budget > 0; i++)
        {
            Sequence s = _running[i];
            if (s.Priority != priority || s.Pending <= 1 || s.ScheduledStep == _step)
                continue;
            int chunk = Math.Min(Math.Min(s.Pending, _options.PrefillChunkTokens), budget);
            MakeRoom(s, chunk, canPreemptItself: false);
            chunk = FittingTokens(s, chunk);
            if (chunk > 0)
                budget -= Take(s, chunk, batch, scheduled);
        }
        return budget;
    }

    private int Admit(RequestPriority priority, int budget, ForwardBatch batch, List<ScheduledSequence> scheduled)
    {
        List<Sequence> queue = _waiting[(int)priority];
        while (queue.Count > 0 && budget > 0 && batch.LogitsCount < batch.Capacity)
        {
            Sequence s = queue[0];
            if (_running.Count >= _options.MaxRunningSequences && !FreeSlotFor(s))
                break;
            if (s.PreemptedStep == _step)
                break; // it just gave its blocks up; taking them back now would only thrash
            int matched = MatchPrefix(s);
            int chunk = Math.Min(Math.Min(s.Pending, _options.PrefillChunkTokens), budget);
            MakeRoom(s, chunk, canPreemptItself: false, admitting: true);
            chunk = FittingTokens(s, chunk);
            if (chunk == 0)
            {
                s.Table.Release(); // give back what the match took; try again next step
                break;
            }

            queue.RemoveAt(0);
            s.Status = SequenceStatus.Running;
            s.AdmissionStamp = ++_admissions;
            s.PublishedBlocks = matched;
            if (!s.EverAdmitted)
            {
                s.EverAdmitted = true;
                s.FirstAdmissionStamp = s.AdmissionStamp;
                s.CachedPromptTokens = matched * _cache.BlockTokens;
                PrefixQueryTokens += s.PromptLength;
                PrefixHitTokens += s.CachedPromptTokens;
            }
            InsertRunning(s);
            budget -= Take(s, chunk, batch, scheduled);
        }
        return budget;
    }
}
