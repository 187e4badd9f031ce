using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Cortex.Gateway.Cache;

/// <summary>
/// What the guilds stream carries for a GUILD_CREATE: the guild's own top-level fields (id, name, icon, owner, member count,
/// large, joined at, locale, unavailable), not its members, channels, roles, presences or emojis. No service reads those from
/// the stream (the gateway's <see cref="GuildCache"/> keeps what command checks need), and they are 99 % of a GUILD_CREATE's
/// tens of KB to MBs: each would be copied into the script call, into Redis and its memory, for a group that acknowledges it.
/// Filled by <see cref="GuildCreateReader"/> in the pass that builds the cached guild; kept values are copied as they came.
/// </summary>
internal sealed class GuildSummary
{
    // Copied as the payload has them (a name with escapes stays escaped: still the same JSON string).
    private static readonly byte[][] Copied = ["name"u8.ToArray(), "icon"u8.ToArray(), "member_count"u8.ToArray(), "large"u8.ToArray(),
        "joined_at"u8.ToArray(), "preferred_locale"u8.ToArray()];

    // Copied's indices by name length, derived from it: most of a guild's top-level names have a length none of them has.
    private static readonly int[][] CopiedByLength = [.. Enumerable.Range(0, Copied.Max(kept => kept.Length) + 1)
        .Select(length => Enumerable.Range(0, Copied.Length).Where(i => Copied[i].Length == length).ToArray())];

    private readonly Range?[] _copied = new Range?[Copied.Length];

    private ulong _id;
    private ulong _ownerId;
    private bool _unavailable;

    /// <summary>The fields the cache reads too, as it read them.</summary>
    public void Set(ulong id, ulong ownerId, bool unavailable) => (_id, _ownerId, _unavailable) = (id, ownerId, unavailable);

    /// <summary>Records where <paramref name="name"/>'s value lies in the payload when the summary keeps it; false when it does not.</summary>
    public bool Keep(ReadOnlySpan<byte> name, Range value)
    {
        if (CopiedIndex(name) is not (>= 0 and var i))
        {
            return false;
        }

        _copied[i] = value;
        return true;
    }

    /// <summary>
    /// The index in <see cref="Copied"/> of <paramref name="name"/>, or -1. Every top-level name of a GUILD_CREATE comes here (about
    /// 40), so it is compared only with the kept names of its length (<see cref="CopiedByLength"/>), not with all six.
    /// </summary>
    private static int CopiedIndex(ReadOnlySpan<byte> name)
    {
        if (name.Length < CopiedByLength.Length)
        {
            foreach (var i in CopiedByLength[name.Length])
            {
                if (name.SequenceEqual(Copied[i]))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The summary as a JSON object, its copied values taken from <paramref name="payload"/> (the GUILD_CREATE read).</summary>
    public byte[] ToJson(ReadOnlySpan<byte> payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, "{\"id\":\""u8);
        WriteId(buffer, _id);
        Write(buffer, "\""u8);
        if (_ownerId != 0)
        {
            Write(buffer, ",\"owner_id\":\""u8);
            WriteId(buffer, _ownerId);
            Write(buffer, "\""u8);
        }

        for (var i = 0; i < Copied.Length; i++)
        {
            if (_copied[i] is { } value)
            {
                Write(buffer, ",\""u8);
                Write(buffer, Copied[i]);
                Write(buffer, "\":"u8);
                Write(buffer, payload[value]);
            }
        }

        Write(buffer, _unavailable ? ",\"unavailable\":true}"u8 : ",\"unavailable\":false}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    private static void WriteId(ArrayBufferWriter<byte> buffer, ulong id)
    {
        if (!Utf8Formatter.TryFormat(id, buffer.GetSpan(20), out var written))
        {
            throw new JsonException("A snowflake did not fit in 20 digits.");
        }

        buffer.Advance(written);
    }
}
