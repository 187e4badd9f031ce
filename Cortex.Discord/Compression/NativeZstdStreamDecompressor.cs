using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// zstd-stream on the system's libzstd (<see cref="LibZstd"/>): the same contract as
/// <see cref="ZstdStreamDecompressor"/>, about 4× cheaper per event on Discord-sized payloads
/// (docs/benchmarks.md, "Issue 19, tenth pass"). Errors are <see cref="InvalidDataException"/>, as the managed one's.
/// </summary>
public sealed unsafe class NativeZstdStreamDecompressor : ITransportDecompressor
{
    private readonly LibZstd _library;
    private readonly ZstdDecompressionContext _context;

    internal NativeZstdStreamDecompressor(LibZstd library)
    {
        _library = library;
        _context = new ZstdDecompressionContext(library);
    }

    /// <summary>Whether the system's libzstd could be loaded in this process.</summary>
    public static bool IsAvailable => LibZstd.Instance is not null;

    /// <summary>A fresh context (one per connection), or null when libzstd is not on this machine.</summary>
    public static NativeZstdStreamDecompressor? TryCreate() => LibZstd.Instance is { } library ? new(library) : null;

    /// <inheritdoc />
    public bool TryDecompress(ReadOnlyMemory<byte> message, PooledBufferWriter output)
    {
        var added = false;
        _context.DangerousAddRef(ref added);
        try
        {
            var context = _context.DangerousGetHandle();
            var source = message.Span;
            fixed (byte* sourcePointer = source)
            {
                var input = new ZstdInBuffer { Source = sourcePointer, Size = (nuint)source.Length };
                while (true)
                {
                    var destination = output.GetSpan(16 * 1024);
                    fixed (byte* destinationPointer = destination)
                    {
                        var into = new ZstdOutBuffer { Destination = destinationPointer, Size = (nuint)destination.Length };
                        var result = _library.DecompressStream(context, &into, &input);
                        if (_library.IsError(result))
                        {
                            throw new InvalidDataException($"zstd-stream: {_library.ErrorName(result)}");
                        }

                        output.Advance((int)into.Position);
                        if (input.Position == input.Size && into.Position < into.Size)
                        {
                            return true;
                        }
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                _context.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();
}
