using System.Globalization;
using Augur.Tests.Common;

namespace Augur.Tensors.Tests;

public unsafe class GuardedBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(10000)]
    public void Span_IsWritableAndEndsAtAnInaccessiblePage(int length)
    {
        using var buffer = new GuardedBuffer<byte>(length);
        Assert.Equal(length, buffer.Span.Length);
        buffer.Span.Fill(0xAB);
        Assert.All(buffer.Span.ToArray(), b => Assert.Equal(0xAB, b));
        if (!OperatingSystem.IsLinux())
            return;

        // The mapping that holds the byte just past the span must have no permissions ("---p" in /proc/self/maps).
        ulong end = (ulong)(buffer.Pointer + length);
        string? permissions = null;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            string[] fields = line.Split(' ', 3);
            string[] range = fields[0].Split('-');
            ulong start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong stop = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (end >= start && end < stop)
                permissions = fields[1];
        }

        Assert.Equal("---p", permissions);
    }

    [Fact]
    public void CopyOf_HoldsTheData()
    {
        float[] data = [1, 2, 3];
        using var buffer = GuardedBuffer<float>.CopyOf(data);
        Assert.Equal(data, buffer.Span.ToArray());
    }
}
