namespace Augur.Models.Gguf;

/// <summary>
/// A write-only pass-through that counts bytes and refuses to go past a limit, so <see cref="GgufWriter"/> knows its
/// position on unseekable streams and catches a tensor callback that writes the wrong amount.
/// </summary>
internal sealed class CountingStream(Stream inner, long limit = long.MaxValue) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > limit - Written)
            throw new InvalidOperationException($"Writing {buffer.Length} more bytes would pass the expected {limit}.");
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
