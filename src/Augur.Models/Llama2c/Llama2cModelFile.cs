using System.IO.MemoryMappedFiles;
using Augur.Tensors;

namespace Augur.Models.Llama2c;

/// <summary>
/// A llama2.c legacy (version 0) checkpoint, memory-mapped: the <see cref="Llama2cHeader"/> then float32 arrays
/// (token_embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, freq_cis_real/imag, [wcls]).
/// Its tensors are served under GGUF names as F32 views into the mapping; <c>output.weight</c> exists only when the
/// file has its own classifier (negative vocab_size), otherwise the classifier is tied to <c>token_embd.weight</c>.
/// </summary>
public sealed unsafe class Llama2cModelFile : ITensorSource, IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly Dictionary<string, Llama2cLayout.Tensor> _tensors;
    private bool _disposed;

    private Llama2cModelFile(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, Llama2cHeader header)
    {
        Path = path;
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;
        _tensors = Llama2cLayout.Tensors(header);
        Config = new ModelConfig
        {
            Architecture = "llama",
            EmbeddingLength = header.Dim,
            BlockCount = header.Layers,
            HeadCount = header.Heads,
            HeadCountKv = header.KvHeads,
            FeedForwardLength = header.HiddenDim,
            VocabSize = header.Vocab,
            ContextLength = header.SeqLen,
            RmsNormEps = 1e-5f,
            RopeFreqBase = 10000f,
            RopeStyle = RopeStyle.Normal,
        };
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>The model's hyperparameters: architecture "llama", RoPE θ 10000 on adjacent pairs, RMSNorm ε 1e-5.</summary>
    public ModelConfig Config { get; }

    /// <summary>Opens and validates <paramref name="path"/>; any fault is a <see cref="ModelLoadException"/>.</summary>
    public static Llama2cModelFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"cannot open the file: {ex.Message}", ex);
        }

        try
        {
            long length = stream.Length;
            if (length < Llama2cHeader.ByteCount)
                throw new ModelLoadException(path, $"the file has {length} bytes, fewer than the {Llama2cHeader.ByteCount}-byte header.");
            Span<byte> headerBytes = stackalloc byte[Llama2cHeader.ByteCount];
            stream.ReadExactly(headerBytes);
            Llama2cHeader header = Llama2cHeader.Read(headerBytes);
            if (header.FindFault() is { } fault)
                throw new ModelLoadException(path, $"bad header: {fault}");
            Llama2cLayout.CheckFileLength(path, header, length);

            MemoryMappedFile file = MemoryMappedFile.CreateFromFile(
                stream, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            stream = null!; // owned by the mapping now
            try
            {
                MemoryMappedViewAccessor view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
                return new Llama2cModelFile(path, file, view, header);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <inheritdoc/>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <inheritdoc/>
    public WeightMatrix GetMatrix(string name)
    {
        Llama2cLayout.Tensor tensor = Find(name);
        if (tensor.Rows == 0)
            throw new ModelLoadException(Path, $"tensor '{name}' is 1-D, not a matrix.");
        return new WeightMatrix(TensorType.F32, tensor.Rows, tensor.Columns, _base + tensor.Offset);
    }

    /// <inheritdoc/>
    public float[] GetVector(string name)
    {
        Llama2cLayout.Tensor tensor = Find(name);
        if (tensor.Rows != 0)
            throw new ModelLoadException(Path, $"tensor '{name}' is 2-D, not a vector.");
        return new ReadOnlySpan<float>(_base + tensor.Offset, tensor.Columns).ToArray();
    }

    /// <summary>Unmaps the file; matrices handed out before become invalid.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private Llama2cLayout.Tensor Find(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _tensors.TryGetValue(name, out Llama2cLayout.Tensor tensor)
            ? tensor
            : throw new ModelLoadException(Path, $"tensor '{name}' is missing.");
    }
}
