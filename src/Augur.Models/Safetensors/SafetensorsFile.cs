using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Augur.Models.Safetensors;

/// <summary>
/// A safetensors file opened for reading: an 8-byte little-endian header length, a JSON header naming each tensor's
/// type, shape and byte range, then the data. Every bound is checked before anything is allocated or read: the claimed
/// header length against <see cref="DefaultMaxHeaderBytes"/> and the file size, each range against the data section
/// (see <see cref="SafetensorsHeader"/>). Tensors are read on demand as F32. Not thread-safe for disposal.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>The largest header read unless the caller allows more: 100 MB, the limit of the reference implementation.</summary>
    public const long DefaultMaxHeaderBytes = 100_000_000;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    private SafetensorsFile(string path, SafeFileHandle handle, long dataOffset, List<SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        DataOffset = dataOffset;
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>Where the data section starts: 8 + the header length.</summary>
    public long DataOffset { get; }

    /// <summary>The tensors, in header order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings (empty when the header has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and checks <paramref name="path"/>.</summary>
    /// <exception cref="ModelLoadException">The file is missing, unreadable, truncated or malformed.</exception>
    public static SafetensorsFile Open(string path, long maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeaderBytes, 2);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"cannot open the file: {e.Message}", e);
        }
        try
        {
            long fileLength = RandomAccess.GetLength(handle);
            Span<byte> prefix = stackalloc byte[8];
            if (fileLength < 8 || RandomAccess.Read(handle, prefix, 0) != 8)
                throw new ModelLoadException(path, $"the file is {fileLength} bytes, too short for a safetensors header.");
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > (ulong)maxHeaderBytes)
                throw new ModelLoadException(path, $"the header claims {headerLength} bytes, more than the {maxHeaderBytes} allowed.");
            if (headerLength > (ulong)(fileLength - 8))
                throw new ModelLoadException(path, $"the header claims {headerLength} bytes, but only {fileLength - 8} follow its length.");
            if (headerLength < 2)
                throw new ModelLoadException(path, $"the header is {headerLength} bytes, too short for a JSON object.");

            var json = new byte[headerLength];
            ReadExactly(path, handle, json, 8);
            long dataOffset = 8 + (long)headerLength;
            var (tensors, metadata) = SafetensorsHeader.Parse(path, json, fileLength - dataOffset);
            return new SafetensorsFile(path, handle, dataOffset, tensors, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public SafetensorsTensorInfo? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The elements of <paramref name="tensor"/>, converted to F32, row-major.</summary>
    /// <exception cref="ModelLoadException">The tensor holds more than 2³¹ − 1 elements, or the file cannot be read.</exception>
    public float[] ReadFloat32(SafetensorsTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!ReferenceEquals(Find(tensor.Name), tensor))
            throw new ArgumentException($"Tensor '{tensor.Name}' is not from this file.", nameof(tensor));
        if (tensor.ElementCount > Array.MaxLength)
            throw new ModelLoadException(Path, $"tensor '{tensor.Name}' has {tensor.ElementCount} elements, more than one array holds.");
        var result = new float[tensor.ElementCount];
        if (tensor.Type == SafetensorsDType.F32)
        {
            ReadExactly(Path, _handle, MemoryMarshal.AsBytes(result.AsSpan()), DataOffset + tensor.Begin);
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("Safetensors data is little-endian.");
            return result;
        }
        var halves = new ushort[tensor.ElementCount];
        ReadExactly(Path, _handle, MemoryMarshal.AsBytes(halves.AsSpan()), DataOffset + tensor.Begin);
        if (tensor.Type == SafetensorsDType.F16)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(halves.AsSpan()), result);
        }
        else
        {
            for (int i = 0; i < halves.Length; i++)
                result[i] = BitConverter.Int32BitsToSingle(halves[i] << 16);
        }
        return result;
    }

    public void Dispose() => _handle.Dispose();

    private static void ReadExactly(string path, SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        try
        {
            while (buffer.Length > 0)
            {
                int read = RandomAccess.Read(handle, buffer, offset);
                if (read == 0)
                    throw new ModelLoadException(path, $"the file ends early, at byte {offset}.");
                buffer = buffer[read..];
                offset += read;
            }
        }
        catch (IOException e)
        {
            throw new ModelLoadException(path, $"cannot read the file: {e.Message}", e);
        }
    }
}
