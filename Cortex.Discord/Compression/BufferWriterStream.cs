using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>A write-only stream that appends to whichever <see cref="PooledBufferWriter"/> is current.</summary>
internal sealed class BufferWriterStream : Stream
{
    public PooledBufferWriter? Target { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Without a target (the compressor being disposed writes its final block) the bytes have nowhere to go.
    public override void Write(ReadOnlySpan<byte> buffer) => Target?.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
