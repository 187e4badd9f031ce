namespace Cortex.Discord.Compression;

/// <summary>
/// A read-only stream over the bytes of the current message. When they run out it reports end of
/// input, and the inflater over it simply waits for the next message: that is how one zlib context
/// spans a whole connection.
/// </summary>
internal sealed class FeedStream : Stream
{
    private ReadOnlyMemory<byte> _current;

    public void Feed(ReadOnlyMemory<byte> bytes) => _current = bytes;

    /// <summary>True when every byte fed has been read.</summary>
    public bool IsEmpty => _current.IsEmpty;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _current.Length);
        _current.Span[..count].CopyTo(buffer);
        _current = _current[count..];
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
