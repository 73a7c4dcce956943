using System.IO.MemoryMappedFiles;

namespace Augur.Models.Gguf;

/// <summary>
/// A GGUF model file (version 2 or 3, little-endian), memory-mapped read-only. <see cref="Open"/> parses and checks
/// the whole header (metadata, tensor infos, data layout); tensor data is then read in place from the mapping, valid
/// until <see cref="Dispose"/>. Any fault in the file is a <see cref="ModelLoadException"/> naming it.
/// </summary>
/// <remarks>
/// Choices: metadata strings are decoded leniently (invalid UTF-8 becomes U+FFFD) but keys and tensor names must be
/// valid UTF-8. Tensors of a known but unsupported type (Q2_K, Q3_K) load, and their raw bytes can be read; only
/// <see cref="GetWeightMatrix"/> and <see cref="ReadFloat32"/> refuse them. Not thread-safe against concurrent
/// <see cref="Dispose"/>; reads from many threads are fine.
/// </remarks>
public sealed unsafe partial class GgufFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly GgufMemory _memory;
    private readonly GgufHeader _header;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;
    private byte* _base;

    private GgufFile(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, GgufMemory memory)
    {
        Path = path;
        _map = map;
        _view = view;
        _memory = memory;
        _base = memory.Base;
        FileLength = memory.Length;
        try
        {
            _header = GgufParser.Parse(_memory, path);
        }
        catch
        {
            Dispose();
            throw;
        }
        _tensorsByName = _header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The path the file was opened from.</summary>
    public string Path { get; }

    /// <summary>GGUF version: 2 or 3.</summary>
    public int Version => _header.Version;

    /// <summary>Size of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>The metadata, enumerated in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _header.Metadata;

    /// <summary>The metadata pairs in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> MetadataEntries => _header.Metadata;

    /// <summary>The tensors in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => _header.Tensors;

    /// <summary>Alignment of the data section and of tensor offsets, in bytes (<c>general.alignment</c>, default 32).</summary>
    public uint Alignment => _header.Alignment;

    /// <summary>
    /// Where the tensor data section starts, in bytes from the start of the file: the end of the tensor infos rounded
    /// up to <see cref="Alignment"/> (past the end of a file with no tensors and no padding).
    /// </summary>
    public long DataOffset => _header.DataOffset;

    /// <summary>Opens, maps and validates a GGUF file. Throws <see cref="ModelLoadException"/> for any fault, including I/O errors.</summary>
    public static GgufFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ModelLoadException(path, $"cannot open the file: {e.Message}", e);
        }

        MemoryMappedFile map;
        long length;
        try
        {
            length = stream.Length;
            if (length < GgufParser.MinimumHeaderBytes)
                throw new ModelLoadException(path, $"the file is too small for a GGUF header ({length} bytes, {GgufParser.MinimumHeaderBytes} needed)");
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new ModelLoadException(path, $"cannot map the file: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        // From here the map owns the stream; the constructor owns (and on failure disposes) the map and the view.
        MemoryMappedViewAccessor view;
        byte* p = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            try
            {
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            }
            catch
            {
                view.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            map.Dispose();
            throw new ModelLoadException(path, $"cannot map the file: {e.Message}", e);
        }
        catch
        {
            map.Dispose();
            throw;
        }
        return new GgufFile(path, map, view, GgufMemory.FromPointer(p + view.PointerOffset, length, path));
    }

    /// <summary>
    /// Parses GGUF bytes held in memory (copied to a pinned buffer) exactly as <see cref="Open"/> parses a mapped file;
    /// <paramref name="path"/> only names them in faults. For tests that open thousands of damaged files.
    /// </summary>
    internal static GgufFile OpenBytes(ReadOnlySpan<byte> bytes, string path) => new(path, null, null, GgufMemory.FromBytes(bytes, path));

    /// <summary>Unmaps the file and closes it. Tensor data and array values read from it become invalid.</summary>
    public void Dispose()
    {
        if (_base == null)
            return;
        _base = null;
        _memory.Invalidate();
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }
}
