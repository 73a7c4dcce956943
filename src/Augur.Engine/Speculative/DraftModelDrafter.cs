using Augur.Engine.Kv;
using Augur.Engine.Model;
using Augur.Engine.Sampling;
using Augur.Engine.Scheduling;
using Augur.Tensors;

namespace Augur.Engine.Speculative;

/// <summary>
/// Drafts with a smaller model of the same vocabulary. It keeps each sequence's keys and values in a KV cache of its
/// own, catches up on the tokens the target accepted since the last draft (a whole prompt the first time, in chunks),
/// then runs one batched pass per draft position for all drafting sequences. Greedy requests draft greedily (q is a
/// point mass); sampled ones draw from the draft's distribution under the request's own transforms and keep it as q.
/// </summary>
internal sealed class DraftModelDrafter : IDrafter
{
    private readonly ModelRunner _runner;
    private readonly KvCache _cache;
    private readonly ForwardBatch _batch;
    private readonly float[] _logits;
    private readonly int[] _rows;
    private readonly List<Sequence> _drafting = [];

    public DraftModelDrafter(ModelWeights weights, WorkerPool pool, KvCacheOptions cacheOptions, int maxBatchTokens, int maxSequences, int contextLength)
    {
        _cache = KvCache.For(weights.Config, cacheOptions);
        try
        {
            _runner = new ModelRunner(weights, pool, _cache, new ModelRunnerOptions
            {
                MaxBatchTokens = maxBatchTokens,
                MaxLogitsRows = maxSequences,
                ContextLength = Math.Min(contextLength, weights.Config.ContextLength),
            });
        }
        catch
        {
            _cache.Dispose();
            throw;
        }
        _batch = new ForwardBatch(maxBatchTokens);
        _logits = new float[weights.Config.VocabSize];
        _rows = new int[maxSequences];
    }

    public SpeculativeMethod Method => SpeculativeMethod.DraftModel;

    internal KvCache Cache => _cache;

    public void Propose(IReadOnlyList<Sequence> sequences)
    {
        // :: Catch up: every token but the last (the target's input this step) goes into the draft's cache first.
        _drafting.Clear();
        foreach (Sequence s in sequences)
        {
            DraftState draft = s.Draft!;
            draft.Count = 0;
            draft.HasDistributions = draft.Options.Method == SpeculativeMethod.DraftModel && s.Request.Sampling.Temperature > 0f;
            draft.DraftTable ??= new BlockTable(_cache);
            draft.DraftSampler ??= new Sampler(_runner.Config.VocabSize, s.Request.Sampling with { Seed = unchecked(s.Sampler!.Seed * 0x9E3779B97F4A7C15UL + 1) });
            if (s.Count - draft.DraftTable.Length <= _batch.Capacity / 2 && s.Count <= _runner.ContextLength)
                _drafting.Add(s);
            else
                CatchUpOnly(s);
        }

        // :: Position 1 from the catch-up pass, positions 2…k one pass each, all drafting sequences together.
        for (int position = 0; _drafting.Count > 0; position++)
        {
            _batch.Clear();
            for (int i = 0; i < _drafting.Count; i++)
            {
                Sequence s = _drafting[i];
                BlockTable table = s.Draft!.DraftTable!;
                ReadOnlySpan<int> input = position == 0 ? s.Tokens[table.Length..] : s.Draft.Tokens.AsSpan(position - 1, 1);
                if (_batch.Count + input.Length > _batch.Capacity || table.Length + input.Length > _runner.ContextLength || !table.TryReserve(input.Length))
                {
                    _rows[i] = -1;
                    continue;
                }
                _rows[i] = _batch.AddRange(input, table.Length, table, wantLastLogits: true);
            }
            if (_batch.Count > 0)
                _runner.Forward(_batch);
            for (int i = _drafting.Count - 1; i >= 0; i--)
            {
                Sequence s = _drafting[i];
                if (_rows[i] < 0 || !Draw(s, _rows[i], position) || s.Draft!.Count == s.Draft.Limit)
                    _drafting.RemoveAt(i);
            }
        }
    }

    public void Rewind(Sequence sequence)
    {
        // Positions past the last accepted token hold draft tokens the target replaced.
        BlockTable? table = sequence.Draft?.DraftTable;
        if (table is not null && table.Length > sequence.Count - 1)
            table.Truncate(sequence.Count - 1);
    }

    public void Release(Sequence sequence) => sequence.Draft?.DraftTable?.Release();

    public void Dispose() => _cache.Dispose();

    /// <summary>Samples draft token <paramref name="position"/> from the logits of <paramref name="row"/>; false when the sequence stops drafting.</summary>
    private bool Draw(Sequence s, int row, int position)
    {
        DraftState draft = s.Draft!;
        _runner.Logits(row).CopyTo(_logits);
        ReadOnlySpan<int> history = Concat(s, draft, position);
        int token;
        if (draft.HasDistributions)
        {
            Span<float> q = draft.Distribution(position);
            draft.DraftSampler!.ComputeProbabilities(_logits, history, q);
            token = draft.DraftSampler.SampleFrom(q);
        }
        else
        {
            token = draft.DraftSampler!.Sample(_logits, history); // temperature 0: the argmax
        }
        draft.Tokens[position] = token;
        draft.Count = position + 1;
        return true;
    }

    /// <summary>The sequence's tokens followed by its first <paramref name="drafted"/> draft tokens (the penalties read them).</summary>
    private static ReadOnlySpan<int> Concat(Sequence s, DraftState draft, int drafted)
    {
        if (drafted == 0 || !s.Request.Sampling.HasPenalties)
            return s.Tokens; // without penalties the history is not read
        int[] history = [.. s.Tokens, .. draft.Tokens.AsSpan(0, drafted)];
        return history;
    }

    /// <summary>A sequence too far behind drafts nothing this step; it catches up by one chunk.</summary>
    private void CatchUpOnly(Sequence s)
    {
        BlockTable table = s.Draft!.DraftTable!;
        int chunk = Math.Min(_batch.Capacity / 2, s.Count - 1 - table.Length);
        if (chunk <= 0 || table.Length + chunk > _runner.ContextLength || !table.TryReserve(chunk))
            return;
        _batch.Clear();
        _batch.AddRange(s.Tokens.Slice(table.Length, chunk), table.Length, table, wantLastLogits: false);
        _runner.Forward(_batch);
    }
}
