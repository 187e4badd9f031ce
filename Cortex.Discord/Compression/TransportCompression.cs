namespace Cortex.Discord.Compression;

/// <summary>The <c>compress</c> query parameter of a gateway connection.</summary>
public enum TransportCompression
{
    /// <summary>Uncompressed frames.</summary>
    None,

    /// <summary>One zlib context per connection; each payload ends with a sync flush (<c>00 00 ff ff</c>).</summary>
    ZlibStream,

    /// <summary>One zstd context per connection; each WebSocket message is one flushed payload. The default where libzstd loads.</summary>
    ZstdStream,
}

/// <summary>Query-string names and factories of the transport compressions.</summary>
public static class TransportCompressions
{
    /// <summary>
    /// The default of a shard and of the gateway: zstd-stream where the system's libzstd loads, the cheapest to receive
    /// on every firehose mix (docs/benchmarks.md, eleventh pass), and zlib-stream where it does not, since the managed
    /// zstd port costs more than .NET's zlib.
    /// </summary>
    public static TransportCompression Preferred { get; } = PreferredWith(LibZstd.Instance);

    internal static TransportCompression PreferredWith(LibZstd? library) =>
        library is null ? TransportCompression.ZlibStream : TransportCompression.ZstdStream;

    /// <summary>The value of the <c>compress</c> query parameter, or null for none.</summary>
    public static string? QueryValue(TransportCompression compression) => compression switch
    {
        TransportCompression.ZlibStream => "zlib-stream",
        TransportCompression.ZstdStream => "zstd-stream",
        _ => null,
    };

    /// <summary>Parses the <c>compress</c> query parameter (absent means none).</summary>
    public static bool TryParse(string? value, out TransportCompression compression)
    {
        compression = value switch
        {
            null or "" => TransportCompression.None,
            "zlib-stream" => TransportCompression.ZlibStream,
            "zstd-stream" => TransportCompression.ZstdStream,
            _ => (TransportCompression)(-1),
        };
        return compression >= 0;
    }

    /// <summary>
    /// A decompressor for one connection, or null for none. zstd-stream takes the system's libzstd when it loads (about
    /// 4× cheaper per event than the managed port on Discord-sized payloads) and ZstdSharp where it does not; zlib-stream
    /// calls the runtime's zlib-ng directly where it can (15–17 % cheaper than through <c>ZLibStream</c>) and goes through
    /// <c>ZLibStream</c> where it cannot.
    /// </summary>
    public static ITransportDecompressor? CreateDecompressor(TransportCompression compression) => compression switch
    {
        TransportCompression.ZlibStream => CreateZlibDecompressor(RuntimeZlib.Instance),
        TransportCompression.ZstdStream => CreateZstdDecompressor(LibZstd.Instance),
        _ => null,
    };

    internal static ITransportDecompressor CreateZlibDecompressor(RuntimeZlib? library) =>
        library is null ? new ZlibStreamDecompressor() : new NativeZlibStreamDecompressor(library);

    internal static ITransportDecompressor CreateZstdDecompressor(LibZstd? library) =>
        library is null ? new ZstdStreamDecompressor() : new NativeZstdStreamDecompressor(library);

    /// <summary>
    /// A compressor for one connection, or null for none. zstd-stream takes the system's libzstd when it loads with its
    /// compressor (the managed port, at 2.3 ms a mid-size guild's GUILD_CREATE, was slower than the client it fed) and ZstdSharp where not.
    /// </summary>
    public static ITransportCompressor? CreateCompressor(TransportCompression compression) => compression switch
    {
        TransportCompression.ZlibStream => new ZlibStreamCompressor(),
        TransportCompression.ZstdStream => CreateZstdCompressor(LibZstd.Instance),
        _ => null,
    };

    internal static ITransportCompressor CreateZstdCompressor(LibZstd? library) =>
        library is { Compression: { } compression } ? new NativeZstdStreamCompressor(library, compression) : new ZstdStreamCompressor();
}
