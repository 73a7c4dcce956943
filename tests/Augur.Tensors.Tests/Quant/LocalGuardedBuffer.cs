using System.Runtime.InteropServices;

namespace Augur.Tensors.Quant.Tests;

/// <summary>
/// A buffer whose last element ends right before an inaccessible page, so a kernel that reads past its span crashes
/// instead of silently reading neighbours (runtime's BoundedMemory idea). Stand-in for the shared
/// Augur.Tests.Common GuardedBuffer until the branches merge; off Linux it falls back to a plain array.
/// </summary>
internal sealed unsafe class LocalGuardedBuffer<T> : IDisposable
    where T : unmanaged
{
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
    private static readonly nint PageSize = Environment.SystemPageSize;

    private readonly byte* _mapping;
    private readonly nint _mappingBytes;
    private readonly T[]? _fallback;
    private readonly int _length;

    public LocalGuardedBuffer(int length)
    {
        _length = length;
        if (!OperatingSystem.IsLinux())
        {
            _fallback = new T[length];
            return;
        }

        nint dataBytes = (nint)length * sizeof(T);
        nint dataPages = (dataBytes + PageSize - 1) / PageSize;
        _mappingBytes = (dataPages + 1) * PageSize;
        _mapping = (byte*)LibC.mmap(null, _mappingBytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (_mapping == (byte*)-1)
            throw new InvalidOperationException("mmap failed");
        if (LibC.mprotect(_mapping + dataPages * PageSize, PageSize, 0) != 0)
            throw new InvalidOperationException("mprotect failed");
    }

    public Span<T> Span => _fallback is not null
        ? _fallback
        : new Span<T>(_mapping + (_mappingBytes - PageSize) - (nint)_length * sizeof(T), _length);

    public static LocalGuardedBuffer<T> From(ReadOnlySpan<T> values)
    {
        var buffer = new LocalGuardedBuffer<T>(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    public void Dispose()
    {
        if (_mapping != null)
            _ = LibC.munmap(_mapping, _mappingBytes);
    }
}

internal static unsafe class LibC
{
    [DllImport("libc", SetLastError = true)]
    public static extern void* mmap(void* address, nint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    public static extern int mprotect(void* address, nint length, int protection);

    [DllImport("libc", SetLastError = true)]
    public static extern int munmap(void* address, nint length);
}
