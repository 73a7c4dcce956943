using System.Diagnostics;
using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Engine.Scheduling;

namespace Augur.Engine;

public sealed partial class AugurEngine
{
    /// <summary>
    /// One step: takes in new and cancelled sequences, schedules, runs one forward pass over the batch, publishes the
    /// blocks it filled to the prefix cache, samples the sequences that reached their next token and streams their
    /// events. Returns false when there was nothing to run.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from outside the engine thread after <see cref="Start"/>.</exception>
    public bool Step()
    {
        if (_loop is not null && !_loop.IsLoopThread)
            throw new InvalidOperationException("The engine thread runs the steps; Step may only be called directly when the engine is not started.");
        ObjectDisposedException.ThrowIf(_disposed, this);

        DrainInbox();
        _scheduler.CollectCancelled(_finishing);
        foreach (Sequence s in _finishing)
            Finish(s, FinishReason.Cancelled);
        _finishing.Clear();

        _scheduler.Schedule(_batch, _scheduled, _finishing);
        foreach (Sequence s in _finishing)
            Finish(s, FinishReason.Length); // longer than the whole KV cache holds
        _finishing.Clear();
        if (_batch.Count == 0)
        {
            PublishStatistics();
            return false;
        }

        int prefill = 0, decode = 0;
        foreach (ScheduledSequence entry in _scheduled)
        {
            Sequence s = entry.Sequence;
            if (s.Sampler is null)
                Begin(s);
            if (!IsDecode(entry))
                prefill += entry.Tokens;
        }
        Draft();

        long passStart = Stopwatch.GetTimestamp();
        _runner.Forward(_batch);
        long now = Stopwatch.GetTimestamp();
        double passSeconds = Stopwatch.GetElapsedTime(passStart, now).TotalSeconds;
        _forwardSeconds += passSeconds;
        _draftPolicy.RecordPass(_batch.Count, passSeconds);
        foreach (ScheduledSequence entry in _scheduled)
        {
            Sequence s = entry.Sequence;
            int before = s.Count;
            bool decoding = IsDecode(entry);
            if (entry.LogitsRow >= 0)
            {
                if (s.Draft is { Count: > 0 })
                    Verify(s, entry.LogitsRow, now);
                else
                    Emit(s, Sample(s, entry.LogitsRow), now);
            }
            if (decoding)
                decode += s.Count - before; // with speculation, every token the step emitted
            if (Options.PrefixCaching)
                Publish(s); // after verification cut the rejected positions
        }
        foreach (Sequence s in _finishing)
            _scheduler.Remove(s);
        _finishing.Clear();

        _steps++;
        _prefillTokens += prefill;
        _decodeTokens += decode;
        _throughput.Record(now, prefill, decode);
        PublishStatistics();
        return true;
    }

    /// <summary>A decode step of a sequence (one pending token after generated ones), as opposed to a prompt chunk or recompute.</summary>
    private static bool IsDecode(ScheduledSequence entry) => entry.Tokens == 1 && entry.Sequence.Generated > 0;

    /// <summary>First admission: the sequence gets its sampler and detokenizer and leaves the admission queue's count.</summary>
    private void Begin(Sequence s)
    {
        s.Sampler = new Sampler(_runner.Config.VocabSize, s.Request.Sampling);
        s.Detokenizer = _tokenizer.CreateDetokenizer();
        s.Detokenizer.Prime(s.Tokens[..s.PromptLength]);
        s.AdmittedAt = Stopwatch.GetTimestamp();
        Interlocked.Decrement(ref _queued);
    }

    /// <summary>Publishes the blocks the pass filled under their chained hashes.</summary>
    private void Publish(Sequence s)
    {
        int full = s.Computed / _cache.BlockTokens;
        ReadOnlySpan<int> blocks = s.Table.Blocks;
        for (int i = s.PublishedBlocks; i < full; i++)
            _cache.Publish(blocks[i], s.BlockHashAt(i));
        s.PublishedBlocks = Math.Max(s.PublishedBlocks, full);
    }

    /// <summary>Samples the sequence's next token from the logits of <paramref name="row"/>.</summary>
    private int Sample(Sequence s, int row)
    {
        CopyLogits(s, row);
        return s.Sampler!.Sample(_logits, s.Tokens);
    }

    /// <summary>
    /// The logits of <paramref name="row"/> into the scratch row; rows past the vocabulary (a padded embedding) get −∞.
    /// For a sequence that wants log-probabilities, the row's log-normalizer is kept for <see cref="Emit"/>, before the
    /// sampler changes the scratch row.
    /// </summary>
    private void CopyLogits(Sequence s, int row)
    {
        _runner.Logits(row).CopyTo(_logits);
        _logits.AsSpan(_tokenizer.Vocabulary.Count).Fill(float.NegativeInfinity);
        if (s.Request.Logprobs)
        {
            _logits.AsSpan(0, _tokenizer.Vocabulary.Count).CopyTo(_rawLogits);
            _rawLogNormalizer = LogSumExp(_rawLogits.AsSpan(0, _tokenizer.Vocabulary.Count));
        }
    }

    /// <summary>log Σ exp(x), shifted by the maximum so that no term overflows.</summary>
    private static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(x);
        double sum = 0;
        foreach (float v in x)
            sum += Math.Exp(v - max);
        return max + (float)Math.Log(sum);
    }

    /// <summary>
    /// Appends a sampled token, streams its text, and finishes the sequence when the token ends it (end of
    /// generation, a stop string, the token limit or the context); true when it did.
    /// </summary>
    private bool Emit(Sequence s, int token, long now)
    {
        s.Append(token);
        if (s.FirstTokenAt == 0)
        {
            s.FirstTokenAt = now;
            double ttft = Stopwatch.GetElapsedTime(s.SubmittedAt, now).TotalSeconds;
            _metrics.TimeToFirstToken(ttft);
            _timeToFirstToken.Record(ttft);
        }
        else
        {
            _metrics.InterTokenLatency(Stopwatch.GetElapsedTime(s.LastTokenAt, now).TotalSeconds);
        }
        s.LastTokenAt = now;

        float[]? logprob = s.Request.Logprobs ? [_rawLogits[token] - _rawLogNormalizer] : null;
        if (!s.Request.IgnoreEndOfGeneration && _endOfGeneration.Contains(token))
        {
            s.Events.Writer.TryWrite(new GenerationDelta("", [token], logprob));
            Finish(s, FinishReason.Stop, removeNow: false);
            return true;
        }
        ReadOnlySpan<char> text = s.Detokenizer!.Append(token);
        if (s.Stops is not null)
            text = s.Stops.Append(text);
        s.Events.Writer.TryWrite(new GenerationDelta(text.ToString(), [token], logprob));
        if (s.Stops is { IsStopped: true })
            Finish(s, FinishReason.Stop, removeNow: false);
        else if (s.Count >= s.MaxLength)
            Finish(s, FinishReason.Length, removeNow: false);
        else
            return false;
        return true;
    }

    /// <summary>
    /// Ends a sequence: the text still held back, then the completed event. Its blocks go back to the cache now, or,
    /// during the pass's sampling loop (<paramref name="removeNow"/> false), right after it.
    /// </summary>
    private void Finish(Sequence s, FinishReason reason, string? error = null, bool removeNow = true)
    {
        if (s.Sampler is null)
            Interlocked.Decrement(ref _queued); // never admitted
        if (removeNow)
            _scheduler.Remove(s);
        else
            _finishing.Add(s);
        ReleaseDraft(s);

        if (reason is FinishReason.Stop or FinishReason.Length && s.Detokenizer is not null && s.Stops is not { IsStopped: true })
        {
            ReadOnlySpan<char> rest = s.Detokenizer.Flush();
            string tail = s.Stops is null ? rest.ToString() : string.Concat(s.Stops.Append(rest), s.Stops.Flush());
            if (tail.Length > 0)
                s.Events.Writer.TryWrite(new GenerationDelta(tail, []));
        }

        var usage = new GenerationUsage(
            s.PromptLength,
            s.CachedPromptTokens,
            s.Generated,
            s.AdmittedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(s.SubmittedAt, s.AdmittedAt),
            s.FirstTokenAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(s.SubmittedAt, s.FirstTokenAt),
            s.FirstTokenAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(s.FirstTokenAt, s.LastTokenAt),
            s.Preemptions,
            s.Id,
            s.FirstAdmissionStamp,
            s.DraftedTokens,
            s.AcceptedDraftTokens);
        s.Events.Writer.TryWrite(new GenerationCompleted(reason, usage, s.Stops?.MatchedStop, error));
        s.Events.Writer.TryComplete();
        s.Cancellation.Dispose();
        _metrics.Finished(reason);
    }

    private void DrainInbox()
    {
        while (_inbox.TryDequeue(out Sequence? s))
            _scheduler.Add(s);
    }

    /// <summary>After a failed step: every sequence ends with <see cref="FinishReason.Error"/>; the cache is emptied.</summary>
    internal void FailAll(Exception exception)
    {
        DrainInbox();
        _finishing.Clear();
        _scheduler.CollectAll(_finishing);
        foreach (Sequence s in _finishing)
            Finish(s, FinishReason.Error, $"The engine failed: {exception.Message}");
        _finishing.Clear();
        PublishStatistics();
    }

    private void PublishStatistics()
    {
        (double prefillRate, double decodeRate) = _throughput.Rates();
        Volatile.Write(ref _statistics, new EngineStatistics
        {
            RunningSequences = _scheduler.Running.Count,
            WaitingSequences = _scheduler.WaitingCount + _inbox.Count,
            KvBlocksUsed = _cache.UsedBlocks,
            KvBlocksFree = _cache.FreeBlocks,
            KvBlocksTotal = _cache.BlockCount,
            KvBlocksCached = _cache.CachedBlocks,
            PrefixQueryTokens = _scheduler.PrefixQueryTokens,
            PrefixHitTokens = _scheduler.PrefixHitTokens,
            PrefixEvictions = _cache.Evictions,
            Preemptions = _scheduler.Preemptions,
            PrefillTokens = _prefillTokens,
            DecodeTokens = _decodeTokens,
            Steps = _steps,
            DraftedTokens = _draftedTokens,
            AcceptedDraftTokens = _acceptedTokens,
            DraftRounds = _draftRounds,
            DraftRejections = _draftRejections,
            DraftSeconds = _draftSeconds,
            ForwardSeconds = _forwardSeconds,
            PrefillTokensPerSecond = prefillRate,
            DecodeTokensPerSecond = decodeRate,
        });
    }
}
