namespace Augur.Models.Gguf;

/// <summary>
/// Bytes that GGUF array values point into: a mapped file (valid until the file is disposed) or a pinned
/// managed buffer (valid for as long as it is referenced). Offsets are from <see cref="Base"/>.
/// </summary>
internal sealed unsafe class GgufMemory
{
    private readonly byte[]? _pinned;
    private readonly string _path;
    private byte* _base;

    private GgufMemory(byte* @base, long length, byte[]? pinned, string path)
    {
        _base = @base;
        Length = length;
        _pinned = pinned;
        _path = path;
    }

    public long Length { get; }

    /// <summary>Whether the bytes are a pinned managed copy that lives as long as this object.</summary>
    public bool IsManaged => _pinned is not null;

    /// <summary>The start of the bytes; throws once the owning file is disposed.</summary>
    public byte* Base
    {
        get
        {
            if (_base == null)
                ThrowDisposed();
            return _base;
        }
    }

    /// <summary>A view of mapped memory, owned by the caller, who calls <see cref="Invalidate"/> before unmapping.</summary>
    public static GgufMemory FromPointer(byte* @base, long length, string path) => new(@base, length, null, path);

    /// <summary>A copy of <paramref name="bytes"/> on the pinned object heap, so its address never moves.</summary>
    public static GgufMemory FromBytes(ReadOnlySpan<byte> bytes, string path = "(memory)")
    {
        byte[] pinned = GC.AllocateUninitializedArray<byte>(Math.Max(bytes.Length, 1), pinned: true);
        bytes.CopyTo(pinned);
        fixed (byte* p = pinned)
            return new GgufMemory(p, bytes.Length, pinned, path);
    }

    /// <summary>Bytes <c>[offset, offset + length)</c>, which the parser has already checked lie inside.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length) => new(Base + offset, length);

    /// <summary>Makes every later access throw <see cref="ObjectDisposedException"/> (the owning file was disposed).</summary>
    public void Invalidate() => _base = null;

    private void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(GgufFile), $"{_path} was disposed; materialize array values (e.g. ToStringArray) before disposing it.");
}
