using System.Runtime.InteropServices;

namespace Augur.Tests.Common;

/// <summary>
/// Native memory whose <see cref="Span"/> ends exactly where an inaccessible page begins, so a kernel that reads even
/// one byte past its input crashes the test instead of passing by luck (dotnet/runtime's BoundedMemory idea).
/// </summary>
/// <remarks>
/// On Linux and macOS the memory comes from <c>mmap</c> and the page after the data is made <c>PROT_NONE</c> with
/// <c>mprotect</c>. Elsewhere it falls back to plain <see cref="NativeMemory"/> without the guard.
/// </remarks>
public sealed unsafe partial class GuardedBuffer<T> : IDisposable where T : unmanaged
{
    private byte* _mapping;
    private readonly nuint _mappingBytes;
    private readonly T* _data;
    private readonly bool _mapped;

    public GuardedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint dataBytes = (nuint)length * (nuint)sizeof(T);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            nuint page = (nuint)Environment.SystemPageSize;
            nuint dataPages = (dataBytes + page - 1) / page;
            _mappingBytes = (dataPages + 1) * page;
            _mapping = (byte*)GuardPages.Mmap(null, _mappingBytes, GuardPages.ProtRead | GuardPages.ProtWrite, GuardPages.MapPrivate | GuardPages.MapAnonymous, -1, 0);
            if (_mapping == (byte*)-1)
                throw new InvalidOperationException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
            byte* guard = _mapping + dataPages * page;
            if (GuardPages.Mprotect(guard, page, GuardPages.ProtNone) != 0)
                throw new InvalidOperationException($"mprotect failed: errno {Marshal.GetLastPInvokeError()}");
            _data = (T*)(guard - dataBytes);
            _mapped = true;
        }
        else
        {
            _mappingBytes = Math.Max(dataBytes, 1);
            _mapping = (byte*)NativeMemory.Alloc(_mappingBytes);
            _data = (T*)_mapping;
        }

        Span.Clear();
    }

    /// <summary>A buffer holding a copy of <paramref name="data"/>.</summary>
    public static GuardedBuffer<T> CopyOf(ReadOnlySpan<T> data)
    {
        var buffer = new GuardedBuffer<T>(data.Length);
        data.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Elements in <see cref="Span"/>.</summary>
    public int Length { get; }

    /// <summary>The data; the byte after its end is not readable.</summary>
    public Span<T> Span => new(_data, Length);

    /// <summary>The first element.</summary>
    public T* Pointer => _data;

    public void Dispose()
    {
        if (_mapping is null)
            return;
        if (_mapped)
            _ = GuardPages.Munmap(_mapping, _mappingBytes);
        else
            NativeMemory.Free(_mapping);
        _mapping = null;
    }
}

/// <summary>The libc calls behind <see cref="GuardedBuffer{T}"/>.</summary>
internal static unsafe partial class GuardPages
{
    public const int ProtNone = 0;
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int MapPrivate = 0x02;
    public static readonly int MapAnonymous = OperatingSystem.IsMacOS() ? 0x1000 : 0x20;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    public static partial int Mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* address, nuint length);
}
