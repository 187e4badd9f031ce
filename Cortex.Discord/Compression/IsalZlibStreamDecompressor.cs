using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// zlib-stream on Intel ISA-L (<see cref="LibIsal"/>): the same contract and output as <see cref="ZlibStreamDecompressor"/>,
/// cheaper per event (docs/benchmarks.md, "Thirteenth pass (isal23)"). ISA-L inflates raw deflate, so the stream's 2-byte
/// zlib header is checked and skipped here; the Adler-32 trailer never comes, since Discord's stream is only ever
/// sync-flushed, never finished. Errors are <see cref="InvalidDataException"/>, as the managed path's.
/// </summary>
public sealed unsafe class IsalZlibStreamDecompressor : ITransportDecompressor
{
    private readonly LibIsal _library;
    private readonly IsalInflateState _state;
    private readonly PooledBufferWriter _fragments = new(1024);
    private bool _headerRead;

    internal IsalZlibStreamDecompressor(LibIsal library)
    {
        _library = library;
        _state = new IsalInflateState(library);
    }

    /// <summary>Whether ISA-L could be loaded in this process.</summary>
    public static bool IsAvailable => LibIsal.Instance is not null;

    /// <summary>A fresh context (one per connection), or null when ISA-L is not on this machine.</summary>
    public static IsalZlibStreamDecompressor? TryCreate() => LibIsal.Instance is { } library ? new(library) : null;

    /// <inheritdoc />
    public bool TryDecompress(ReadOnlyMemory<byte> message, PooledBufferWriter output)
    {
        if (!ZlibStreamFraming.EndsPayload(message.Span))
        {
            _fragments.Write(message.Span);
            return false;
        }

        if (_fragments.WrittenCount > 0)
        {
            _fragments.Write(message.Span);
            message = _fragments.WrittenMemory;
        }

        var deflate = message.Span;
        if (!_headerRead)
        {
            deflate = deflate[ZlibStreamFraming.ReadHeader(deflate)..];
            _headerRead = true;
        }

        Inflate(deflate, output);
        _fragments.Clear();
        return true;
    }

    private void Inflate(ReadOnlySpan<byte> deflate, PooledBufferWriter output)
    {
        var added = false;
        _state.DangerousAddRef(ref added);
        try
        {
            var stream = _state.Fields;
            fixed (byte* input = deflate)
            {
                stream->NextIn = input;
                stream->AvailIn = (uint)deflate.Length;
                while (true)
                {
                    var destination = output.GetSpan(16 * 1024);
                    fixed (byte* into = destination)
                    {
                        stream->NextOut = into;
                        stream->AvailOut = (uint)destination.Length;
                        var result = _library.Inflate((byte*)stream);
                        if (result < 0)
                        {
                            throw new InvalidDataException($"zlib-stream: {LibIsal.ErrorName(result)}.");
                        }

                        output.Advance(destination.Length - (int)stream->AvailOut);

                        // isal_inflate returns with room left in the output only once it has taken every input byte
                        // into its state (or on an error, thrown above): the message is done.
                        if (stream->AvailOut > 0)
                        {
                            break;
                        }
                    }
                }

                // No pointer into this message's pinned memory outlives the call.
                stream->NextIn = null;
                stream->NextOut = null;
            }
        }
        finally
        {
            if (added)
            {
                _state.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _state.Dispose();
        _fragments.Dispose();
    }
}
