using System.Buffers;

namespace Cortex.Discord.Codecs;

/// <summary>
/// A growable byte buffer on <see cref="ArrayPool{T}"/> that can be cleared and reused for every
/// frame of a connection, so steady-state receiving and sending allocates nothing here.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly int _maxLength;
    private byte[] _buffer;
    private int _written;

    /// <summary>
    /// Creates a buffer with room for <paramref name="initialCapacity"/> bytes that grows to at most
    /// <paramref name="maxLength"/>: asking for room beyond it throws <see cref="GatewayDecodeException"/>, so a buffer
    /// that receives what a peer sends cannot be made to hold more than that.
    /// </summary>
    public PooledBufferWriter(int initialCapacity = 4096, int maxLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        _maxLength = maxLength;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Clamp(initialCapacity, 256, Math.Max(maxLength, 256)));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The bytes written so far, valid until the next write or <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>How many bytes were written.</summary>
    public int WrittenCount => _written;

    /// <summary>Writable view of bytes already written, for patching length prefixes.</summary>
    internal Span<byte> WrittenSpanForPatching => _buffer.AsSpan(0, _written);

    /// <summary>Forgets the content and keeps the memory.</summary>
    public void Clear() => _written = 0;

    /// <summary>Drops everything written after <paramref name="length"/> bytes.</summary>
    internal void Truncate(int length) => _written = length;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    /// <summary>Appends one byte.</summary>
    public void Write(byte value)
    {
        Ensure(1);
        _buffer[_written++] = value;
    }

    /// <summary>Copies the written bytes into a new array the caller owns.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > _maxLength)
        {
            throw new GatewayDecodeException($"A payload grew past {_maxLength:N0} bytes, the most this connection takes in one.");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(_buffer.Length * 2L, needed, Math.Max(_maxLength, needed)));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
