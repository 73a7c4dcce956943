using System.Threading.Channels;
using Augur.Engine.Generation;
using Augur.Engine.Kv;
using Augur.Engine.Requests;
using Augur.Engine.Sampling;
using Augur.Engine.Speculative;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Scheduling;

/// <summary>
/// One request inside the engine: its tokens (prompt, then output), its place in the KV cache, its sampler and
/// detokenizer, and the channel its events go to. Touched only by the engine thread, except <see cref="CancelRequested"/>.
/// </summary>
internal sealed class Sequence
{
    private int[] _tokens;
    private BlockHash[] _hashes = [];
    private int _hashedBlocks;

    public Sequence(long id, GenerationRequest request, int maxLength, BlockTable table, long submittedAt)
    {
        Id = id;
        Request = request;
        PromptLength = request.PromptTokens.Count;
        MaxLength = maxLength;
        _tokens = new int[Math.Min(maxLength, PromptLength + 16)];
        for (int i = 0; i < PromptLength; i++)
            _tokens[i] = request.PromptTokens[i];
        Count = PromptLength;
        Table = table;
        SubmittedAt = submittedAt;
        Root = BlockHash.ForNamespace(request.CacheNamespace, request.Adapter?.Fingerprint);
    }

    public long Id { get; }

    public GenerationRequest Request { get; }

    public RequestPriority Priority => Request.Priority;

    public SequenceStatus Status { get; set; } = SequenceStatus.Waiting;

    /// <summary>Prompt tokens, then generated ones.</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, Count);

    public int Count { get; private set; }

    public int PromptLength { get; }

    public int Generated => Count - PromptLength;

    /// <summary>Most tokens the sequence may hold: the context length, or the prompt plus the token limit.</summary>
    public int MaxLength { get; }

    public BlockTable Table { get; }

    /// <summary>Tokens whose keys and values are in the cache.</summary>
    public int Computed => Table.Length;

    /// <summary>Tokens still to run through the model before the next can be sampled.</summary>
    public int Pending => Count - Computed;

    /// <summary>Blocks of <see cref="Table"/> published to the prefix cache (or found there).</summary>
    public int PublishedBlocks { get; set; }

    public BlockHash Root { get; }

    /// <summary>Created at first admission, so that waiting sequences hold no vocabulary-sized buffers.</summary>
    public Sampler? Sampler { get; set; }

    public ITextDetokenizer? Detokenizer { get; set; }

    public StopSequences? Stops { get; set; }

    /// <summary>The sequence's speculation, when it speculates.</summary>
    public DraftState? Draft { get; set; }

    /// <summary>The step that last scheduled this sequence.</summary>
    public long ScheduledStep { get; set; }

    /// <summary>The step that last preempted this sequence.</summary>
    public long PreemptedStep { get; set; }

    /// <summary>Unregisters the caller's cancellation callback when the sequence finishes.</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    public Channel<GenerationEvent> Events { get; } =
        Channel.CreateUnbounded<GenerationEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Set from any thread (a client went away); the engine finishes the sequence at its next step.</summary>
    public volatile bool CancelRequested;

    /// <summary>Order of first admission, then of each readmission: later admitted sequences are preempted first.</summary>
    public long AdmissionStamp { get; set; }

    public bool EverAdmitted { get; set; }

    /// <summary>The <see cref="AdmissionStamp"/> of its first admission; 0 while never admitted.</summary>
    public long FirstAdmissionStamp { get; set; }

    public int CachedPromptTokens { get; set; }

    public int Preemptions { get; set; }

    /// <summary>Draft tokens verified for this sequence, and those accepted.</summary>
    public int DraftedTokens { get; set; }

    public int AcceptedDraftTokens { get; set; }

    public long SubmittedAt { get; }

    public long AdmittedAt { get; set; }

    public long FirstTokenAt { get; set; }

    public long LastTokenAt { get; set; }

    public void Append(int token)
    {
        if (Count == _tokens.Length)
            Array.Resize(ref _tokens, (int)Math.Min(MaxLength, 2L * _tokens.Length));
        _tokens[Count++] = token;
    }

    /// <summary>The chained hash of full block <paramref name="index"/> of <see cref="Tokens"/>, computed once.</summary>
    public BlockHash BlockHashAt(int index)
    {
        int blockTokens = Table.Cache.BlockTokens;
        if (index >= _hashedBlocks)
        {
            if (index >= _hashes.Length)
                Array.Resize(ref _hashes, Math.Max(index + 1, 2 * _hashes.Length));
            for (int i = _hashedBlocks; i <= index; i++)
            {
                BlockHash parent = i == 0 ? Root : _hashes[i - 1];
                _hashes[i] = parent.Next(Tokens.Slice(i * blockTokens, blockTokens));
            }
            _hashedBlocks = index + 1;
        }
        return _hashes[index];
    }
}
