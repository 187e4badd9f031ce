using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Models;
using Cortex.Emulator.Gateway;
using Cortex.Events.Contract;
using Cortex.Gateway.Cache;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The firehose's per-event work split into its in-process stages, on the recorded mix as the emulator sends it (the
/// envelope encoded by the server codec, zlib-stream compressed in one context): inflate, envelope decode (with the copy
/// of <c>d</c>), and the consumers' parse (MESSAGE_CREATE into <c>Message</c>, GUILD_CREATE into the guild cache, its members kept unread). What
/// the firehose measures beyond their sum is the socket, the hand-over to the consumer and the GC.
/// </summary>
internal static class ShardStages
{
    private const int Cycles = 20;

    public static void Print(int rounds)
    {
        var mix = RecordedEventMix.All;
        var frames = CompressedFrames(mix);
        var codec = GatewayCodecs.ForClient(GatewayEncoding.Json);
        var payloads = mix.Select((e, i) => Envelope(e.EventName, e.Data, i + 1)).ToArray();
        var messages = mix.Where(e => e.EventName == "MESSAGE_CREATE").Select(e => e.Data).ToArray();
        var guilds = mix.Where(e => e.EventName == "GUILD_CREATE").Select(e => e.Data).ToArray();
        var cache = new GuildCache();
        using var inflated = new PooledBufferWriter(64 * 1024);

        var inflate = PerItem(rounds, frames.Length, () =>
        {
            using var decompressor = TransportCompressions.CreateDecompressor(TransportCompression.ZlibStream)!;
            foreach (var frame in frames)
            {
                inflated.Clear();
                decompressor.TryDecompress(frame, inflated);
            }
        });
        var envelope = PerItem(rounds, payloads.Length, () => Each(payloads, p => codec.Decode(p).Data.Length));
        var message = PerItem(rounds, messages.Length, () => Each(messages, m => DiscordEvents.MessageCreate.Decode(m).Content.Length));
        var messageSerializer = PerItem(rounds, messages.Length, () => Each(messages, m => JsonSerializer.Deserialize(m, DiscordJsonContext.Default.Message)!.Content.Length));
        var guild = PerItem(rounds, guilds.Length, () => Each(guilds, g =>
        {
            cache.Apply(0, "GUILD_CREATE", g);
            return 1;
        }));
        var eager = new GuildCache(0, metrics: null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var guildEager = PerItem(rounds, guilds.Length, () => Each(guilds, g =>
        {
            eager.Apply(0, "GUILD_CREATE", g);
            return 1;
        }));
        var guildValidated = PerItem(rounds, guilds.Length, () => Each(guilds, g => GuildCreateReader.ReadValidated(0, g)!.MemberRoles.Count));

        var parse = ((messages.Length * message) + (guilds.Length * guild)) / mix.Count;
        Console.WriteLine();
        Console.WriteLine($"| shard stage (recorded mix, best of {rounds}, one thread) | µs per item | µs per mix event |");
        Console.WriteLine("|---|---:|---:|");
        Row($"inflate ({(NativeZlibStreamDecompressor.IsAvailable ? "NativeZlibStreamDecompressor" : "ZlibStreamDecompressor")}), per frame", inflate, inflate);
        Row("envelope (JsonGatewayCodec.Decode: op/s/t, d's bounds, d copied), per frame", envelope, envelope);
        Row("MESSAGE_CREATE into Message (DiscordEvents.MessageCreate.Decode)", message, messages.Length * message / mix.Count);
        Row("MESSAGE_CREATE through the serializer alone (JsonSerializer, DiscordJsonContext: the path before MessageReader)", messageSerializer, messages.Length * messageSerializer / mix.Count);
        Row("GUILD_CREATE into the guild cache (GuildCache.Apply; members kept, indexed at the first check)", guild, guilds.Length * guild / mix.Count);
        Row("GUILD_CREATE into the guild cache, members read on arrival (DeferredMemberBytes 0: the path before)", guildEager, guilds.Length * guildEager / mix.Count);
        Row("GUILD_CREATE through the validating reader alone (GuildCreateReader.ReadValidated: the path before the walk)", guildValidated, guilds.Length * guildValidated / mix.Count);
        Row("sum: inflate + envelope (the bare shard's in-process work)", inflate + envelope, inflate + envelope);
        Row("sum: + consumers' parse", inflate + envelope + parse, inflate + envelope + parse);
    }

    private static void Row(string stage, double perItem, double perMixEvent) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {perItem:F2} | {perMixEvent:F2} |"));

    private static void Each(byte[][] inputs, Func<byte[], int> stage)
    {
        var sink = 0;
        foreach (var input in inputs)
        {
            sink += stage(input);
        }

        GC.KeepAlive(sink);
    }

    private static byte[] Envelope(string name, byte[] data, int sequence)
    {
        using var buffer = new PooledBufferWriter();
        GatewayCodecs.ForServer(GatewayEncoding.Json).Encode(buffer, 0, data, sequence, name);
        return buffer.ToArray();
    }

    /// <summary>The mix, <see cref="Cycles"/> times over, compressed as one connection's stream.</summary>
    private static byte[][] CompressedFrames(IReadOnlyList<(string EventName, byte[] Data)> mix)
    {
        using var compressor = new ZlibStreamCompressor();
        using var output = new PooledBufferWriter();
        var frames = new List<byte[]>();
        for (var i = 0; i < Cycles * mix.Count; i++)
        {
            output.Clear();
            compressor.Compress(Envelope(mix[i % mix.Count].EventName, mix[i % mix.Count].Data, i + 1), output);
            frames.Add(output.ToArray());
        }

        return [.. frames];
    }

    /// <summary>CPU microseconds per item of a pass over <paramref name="items"/> items, the best of <paramref name="rounds"/> rounds of about half a second.</summary>
    private static double PerItem(int rounds, int items, Action pass)
    {
        var calibrate = Stopwatch.StartNew();
        pass();
        var passes = Math.Max(1, (int)(0.5 / Math.Max(calibrate.Elapsed.TotalSeconds, 1e-4)));
        using var self = Process.GetCurrentProcess();
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            self.Refresh();
            var started = self.TotalProcessorTime;
            for (var i = 0; i < passes; i++)
            {
                pass();
            }

            self.Refresh();
            best = Math.Min(best, (self.TotalProcessorTime - started).TotalMicroseconds / ((double)passes * items));
        }

        return best;
    }
}
