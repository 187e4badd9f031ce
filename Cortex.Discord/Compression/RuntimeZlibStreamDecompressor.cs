using System.Runtime.InteropServices;
using Cortex.Discord.Codecs;

namespace Cortex.Discord.Compression;

/// <summary>
/// Candidate: zlib-stream on the runtime's own zlib-ng (libSystem.IO.Compression.Native), called directly instead of
/// through ZLibStream over a FeedStream.
/// </summary>
public sealed unsafe class RuntimeZlibStreamDecompressor : ITransportDecompressor
{
    private static readonly Lazy<nint> Library = new(() => NativeLibrary.Load(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.IO.Compression.Native.so")));

    private static readonly delegate* unmanaged<PalZStream*, int, int> InflateInit = (delegate* unmanaged<PalZStream*, int, int>)NativeLibrary.GetExport(Library.Value, "CompressionNative_InflateInit2_");
    private static readonly delegate* unmanaged<PalZStream*, int, int> InflateCall = (delegate* unmanaged<PalZStream*, int, int>)NativeLibrary.GetExport(Library.Value, "CompressionNative_Inflate");
    private static readonly delegate* unmanaged<PalZStream*, int> InflateEnd = (delegate* unmanaged<PalZStream*, int>)NativeLibrary.GetExport(Library.Value, "CompressionNative_InflateEnd");

    private readonly PalZStream* _stream;
    private readonly PooledBufferWriter _fragments = new(1024);

    public RuntimeZlibStreamDecompressor()
    {
        _stream = (PalZStream*)NativeMemory.AllocZeroed((nuint)sizeof(PalZStream));
        if (InflateInit(_stream, 15) != 0)
        {
            throw new InvalidOperationException("inflateInit2 failed");
        }
    }

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

        fixed (byte* input = message.Span)
        {
            _stream->NextIn = input;
            _stream->AvailIn = (uint)message.Length;
            while (true)
            {
                var destination = output.GetSpan(16 * 1024);
                fixed (byte* into = destination)
                {
                    _stream->NextOut = into;
                    _stream->AvailOut = (uint)destination.Length;
                    var result = InflateCall(_stream, 0);
                    if (result < 0 && result != -5)
                    {
                        throw new InvalidDataException($"zlib-stream: zlib error {result}.");
                    }

                    output.Advance(destination.Length - (int)_stream->AvailOut);
                    if (_stream->AvailOut > 0)
                    {
                        break;
                    }
                }
            }
        }

        _fragments.Clear();
        return true;
    }

    public void Dispose()
    {
        InflateEnd(_stream);
        NativeMemory.Free(_stream);
        _fragments.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PalZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public nint Message;
        public nint InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }
}
