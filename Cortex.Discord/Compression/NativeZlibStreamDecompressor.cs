using System.Runtime.InteropServices;
using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// zlib-stream on the runtime's own zlib-ng called directly (<see cref="RuntimeZlib"/>): the same contract, inflater and
/// output as <see cref="ZlibStreamDecompressor"/>, without <c>ZLibStream</c>'s copy of the input into its own buffer and
/// its stream calls around each message. Errors are <see cref="InvalidDataException"/>, as the managed path's.
/// </summary>
public sealed unsafe class NativeZlibStreamDecompressor : ITransportDecompressor
{
    private const int StreamEnd = 1;
    private const int NeedDictionary = 2;
    private const int BufferError = -5; // no progress possible: not an error, the input or the output ran out

    private readonly RuntimeZlib _library;
    private readonly RuntimeZlibInflateStream _stream;
    private readonly PooledBufferWriter _fragments = new(1024);

    internal NativeZlibStreamDecompressor(RuntimeZlib library)
    {
        _library = library;
        _stream = new RuntimeZlibInflateStream(library);
    }

    /// <summary>Whether the runtime's zlib can be called directly in this process.</summary>
    public static bool IsAvailable => RuntimeZlib.Instance is not null;

    /// <summary>A fresh context (one per connection), or null where the runtime's zlib cannot be called directly.</summary>
    public static NativeZlibStreamDecompressor? TryCreate() => RuntimeZlib.Instance is { } library ? new(library) : null;

    /// <inheritdoc />
    public bool TryDecompress(ReadOnlyMemory<byte> message, PooledBufferWriter output)
    {
        if (!ZlibStreamFraming.TryComplete(_fragments, ref message))
        {
            return false;
        }

        Inflate(message.Span, output);
        _fragments.Clear();
        return true;
    }

    private void Inflate(ReadOnlySpan<byte> message, PooledBufferWriter output)
    {
        var added = false;
        _stream.DangerousAddRef(ref added);
        try
        {
            var stream = _stream.Stream;
            fixed (byte* input = message)
            {
                stream->NextIn = input;
                stream->AvailIn = (uint)message.Length;
                while (true)
                {
                    var destination = output.GetSpan(16 * 1024);
                    fixed (byte* into = destination)
                    {
                        stream->NextOut = into;
                        stream->AvailOut = (uint)destination.Length;
                        var result = _library.Inflate(stream);
                        if ((result < 0 && result != BufferError) || result == NeedDictionary)
                        {
                            throw new InvalidDataException($"zlib-stream: {ErrorMessage(stream, result)}.");
                        }

                        output.Advance(destination.Length - (int)stream->AvailOut);

                        // inflate returns with room left in the output only once the input is used up (or the stream has
                        // ended, after which it takes nothing more, as ZLibStream reads nothing more): the message is done.
                        if (stream->AvailOut > 0 || result == StreamEnd)
                        {
                            break;
                        }
                    }
                }

                // No pointer into this message's pinned memory or the output outlives the call.
                stream->NextIn = null;
                stream->NextOut = null;
                stream->AvailIn = 0;
            }
        }
        finally
        {
            if (added)
            {
                _stream.DangerousRelease();
            }
        }
    }

    private static string ErrorMessage(PalZStream* stream, int result) =>
        (stream->Message is null ? null : Marshal.PtrToStringUTF8((nint)stream->Message)) ??
        (result == NeedDictionary ? "the stream asks for a preset dictionary" : $"zlib error {result}");

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _fragments.Dispose();
    }
}
