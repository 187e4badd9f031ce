using System.Buffers.Text;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Builds a <see cref="CachedGuild"/> straight from GUILD_CREATE's bytes in one forward pass: the owner, each role's permissions,
/// each channel's and active thread's type, parent and overwrites, each member's roles. Threads are read as channels. Everything
/// else (presences, emojis, voice states: most of a large guild's bytes; the rest of each member and user) is skipped without
/// building anything, where a <c>JsonDocument</c> cost ~200 µs per 45 KB guild in allocation and indexing. The pass walks the
/// bytes (<see cref="Walk"/>: skipped values are only bounded, not tokenized) and falls back to a <see cref="Utf8JsonReader"/>
/// over every token (<see cref="ReadValidated"/>) for any payload of another shape, escapes in names or ids included.
/// </summary>
internal static partial class GuildCreateReader
{
    /// <summary>
    /// The guild, or null when the payload marks it <c>unavailable</c> (an outage, not a guild to cache); with a
    /// <paramref name="summary"/>, fills it in the same pass. With <paramref name="deferring"/>, the members, and the channels and
    /// roles, are kept unread while the budget holds them (<see cref="CachedGuild.PendingMembers"/>, <see cref="CachedGuild.PendingParts"/>),
    /// possibly as slices of <paramref name="data"/> itself, which must then never be written again (a dispatch's <c>Data</c> never
    /// is); the validating path always reads them.
    /// </summary>
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    public static CachedGuild? Read(int shardId, ReadOnlyMemory<byte> data, GuildSummary? summary = null, PendingMemberBudget? deferring = null)
    {
        try
        {
            return Walk(shardId, data, summary, deferring);
        }
        catch (UnexpectedJsonException)
        {
            return ReadValidated(shardId, data.Span, summary);
        }
    }

    /// <summary>The validating path: every token read by <see cref="Utf8JsonReader"/>, for payloads <see cref="Walk"/> does not expect.</summary>
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    internal static CachedGuild? ReadValidated(int shardId, ReadOnlySpan<byte> data, GuildSummary? summary = null)
    {
        var reader = new Utf8JsonReader(data);
        Expect(ref reader, JsonTokenType.StartObject);
        ulong id = 0, owner = 0;
        var unavailable = false;
        var scratch = new Scratch();
        Dictionary<Snowflake, ulong> roles = [];
        Dictionary<Snowflake, CachedChannel> channels = [];
        Dictionary<Snowflake, ulong[]> members = [];
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = ReadSnowflake(ref reader);
            }
            else if (reader.ValueTextEquals("owner_id"u8))
            {
                owner = ReadSnowflake(ref reader);
            }
            else if (reader.ValueTextEquals("unavailable"u8))
            {
                reader.Read();
                unavailable = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("roles"u8))
            {
                ReadRoles(ref reader, roles);
            }
            else if (reader.ValueTextEquals("channels"u8) || reader.ValueTextEquals("threads"u8))
            {
                // Active threads are channel objects too: cached beside the channels, so a check on one finds its parent.
                ReadChannels(ref reader, channels, scratch);
            }
            else if (reader.ValueTextEquals("members"u8))
            {
                ReadMembers(ref reader, members, scratch);
            }
            else if (summary is null)
            {
                SkipValue(ref reader);
            }
            else
            {
                var name = reader.ValueSpan;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                summary.Keep(name, start..(int)reader.BytesConsumed);
            }
        }

        summary?.Set(id, owner, unavailable);
        if (unavailable)
        {
            return null;
        }

        // Grown by doubling here (the walk sizes its copies exactly): trimmed, so the cache keeps what the guild has.
        roles.TrimExcess();
        channels.TrimExcess();
        members.TrimExcess();
        return new CachedGuild(id, shardId, roles, channels, members) { OwnerId = owner };
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"GUILD_CREATE: expected {type}, found {reader.TokenType} at byte {reader.TokenStartIndex}.");
        }
    }

    /// <summary>Reads the value after a property name: a snowflake string, else 0 (null, missing or not a number).</summary>
    private static ulong ReadSnowflake(ref Utf8JsonReader reader)
    {
        reader.Read();
        return Snowflake(ref reader);
    }

    /// <summary>The current token as a snowflake: a string of digits, else 0 (as the cache has always treated bad ids).</summary>
    private static ulong Snowflake(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return 0;
        }

        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return ulong.TryParse(reader.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unescaped) ? unescaped : 0;
        }

        return Utf8Parser.TryParse(reader.ValueSpan, out ulong id, out var consumed) && consumed == reader.ValueSpan.Length ? id : 0;
    }

    /// <summary>
    /// Buffers reused across one guild's channels and members, so each keeps only its exact-size array; and, for the walk, the
    /// guild's dictionaries, reused by each thread from one guild to the next (see <see cref="Take"/>).
    /// </summary>
    private sealed class Scratch
    {
        // A thread keeps its dictionaries while they are this small; a larger guild's are dropped after it, not held for good.
        private const int KeptEntries = 10_000;

        [ThreadStatic]
        private static Scratch? t_scratch;

        public List<ChannelOverwrite> Overwrites { get; } = [];

        public List<ulong> Roles { get; } = [];

        public Dictionary<Snowflake, ulong> RolePermissions { get; } = [];

        public Dictionary<Snowflake, CachedChannel> Channels { get; } = [];

        public Dictionary<Snowflake, ulong[]> MemberRoles { get; } = [];

        /// <summary>The channel, thread and role arrays a deferring walk bounded, in the payload's order.</summary>
        public List<KeptPart> Parts { get; } = [];

        /// <summary>This thread's scratch, empty; taken from the thread until <see cref="Release"/> (a walk that threw does not give it back).</summary>
        public static Scratch Take()
        {
            var scratch = t_scratch ?? new Scratch();
            t_scratch = null;
            scratch.Clear();
            return scratch;
        }

        /// <summary>Gives the scratch back to this thread, emptied, unless it grew past what is worth keeping.</summary>
        public void Release()
        {
            if (MemberRoles.Count + Channels.Count + RolePermissions.Count <= KeptEntries)
            {
                Clear();
                t_scratch = this;
            }
        }

        private void Clear()
        {
            RolePermissions.Clear();
            Channels.Clear();
            MemberRoles.Clear();
            Parts.Clear();
        }
    }
}
