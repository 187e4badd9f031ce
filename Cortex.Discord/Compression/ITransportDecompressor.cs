using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>The receiving half of transport compression: one instance per connection, not thread-safe.</summary>
public interface ITransportDecompressor : IDisposable
{
    /// <summary>
    /// Feeds one complete WebSocket message. Returns true when a whole gateway payload was
    /// decompressed into <paramref name="output"/>; false when the message was only a fragment.
    /// </summary>
    /// <exception cref="InvalidDataException">The compressed stream is corrupt.</exception>
    bool TryDecompress(ReadOnlyMemory<byte> message, PooledBufferWriter output);
}

/// <summary>The sending half of transport compression (the emulator's side): one instance per connection.</summary>
public interface ITransportCompressor : IDisposable
{
    /// <summary>Compresses one payload into one WebSocket message, flushed so the peer can decode it at once.</summary>
    void Compress(ReadOnlySpan<byte> payload, PooledBufferWriter output);
}
