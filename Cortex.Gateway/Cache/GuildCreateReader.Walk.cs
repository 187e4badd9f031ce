using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Gateway.Cache;

internal static partial class GuildCreateReader
{
    /// <summary>
    /// The fast path: the same fields walked with a <see cref="JsonCursor"/>, every other value skipped by its bounds, and an
    /// object left as soon as what it is read for was found (a member after its user and roles; a duplicate name later in it
    /// is not seen). Throws <see cref="UnexpectedJsonException"/> on any other shape (escapes in a name or id, a malformed
    /// payload), for <see cref="ReadValidated"/> to read instead. With a <paramref name="deferring"/> budget the members array, and
    /// the channel, thread and role arrays, are only bounded, and kept for a later <see cref="IndexMembers"/> and
    /// <see cref="IndexParts"/> when the budget holds them (<see cref="KeepOrWalk"/>).
    /// </summary>
    internal static CachedGuild? Walk(int shardId, ReadOnlyMemory<byte> payload, GuildSummary? summary = null, PendingMemberBudget? deferring = null)
    {
        var json = new JsonCursor(payload.Span);
        if (!json.Enter((byte)'{'))
        {
            throw new UnexpectedJsonException();
        }

        ulong id = 0, owner = 0;
        var unavailable = false;
        // The walk fills this thread's reused dictionaries, copied at the end into ones of the exact size: growing the
        // guild's own by doubling (then trimming) allocated about three times what the cache keeps.
        var scratch = Scratch.Take();
        var (roles, channels, members) = (scratch.RolePermissions, scratch.Channels, scratch.MemberRoles);
        Range? memberBytes = null;
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (name.SequenceEqual("id"u8))
            {
                id = json.Snowflake();
            }
            else if (name.SequenceEqual("owner_id"u8))
            {
                owner = json.Snowflake();
            }
            else if (name.SequenceEqual("unavailable"u8))
            {
                unavailable = json.IsTrue();
            }
            else if (name.SequenceEqual("roles"u8))
            {
                if (deferring is null)
                {
                    WalkRoles(ref json, roles);
                }
                else
                {
                    scratch.Parts.Add(new(GuildPart.Roles, json.RawValue()));
                }
            }
            else if (name.SequenceEqual("channels"u8) || name.SequenceEqual("threads"u8))
            {
                if (deferring is null)
                {
                    WalkChannels(ref json, channels, scratch);
                }
                else
                {
                    scratch.Parts.Add(new(GuildPart.Channels, json.RawValue()));
                }
            }
            else if (name.SequenceEqual("members"u8))
            {
                if (deferring is null)
                {
                    WalkMembers(ref json, members, scratch);
                }
                else
                {
                    // A second members array is unexpected: the validating reader reads both, as it always has.
                    memberBytes = memberBytes is null ? json.RawValue() : throw new UnexpectedJsonException();
                }
            }
            else if (summary is null)
            {
                json.SkipValue();
            }
            else
            {
                summary.Keep(name, json.RawValue());
            }
        }

        summary?.Set(id, owner, unavailable);
        if (unavailable)
        {
            scratch.Release();
            return null;
        }

        // Last, so a walk that threw has charged nothing: what is charged is always kept by the guild returned.
        var guild = deferring is null
            ? new CachedGuild(id, shardId, new(roles), new(channels), new(members)) { OwnerId = owner }
            : KeepOrWalk(shardId, payload, id, owner, memberBytes, deferring, scratch);
        scratch.Release();
        return guild;
    }

    /// <summary>Steps into the next element when it is an object; skips any other element. False at the array's end.</summary>
    private static bool NextObject(ref JsonCursor json, ref bool first)
    {
        while (json.NextElement(ref first))
        {
            if (json.Enter((byte)'{'))
            {
                return true;
            }
        }

        return false;
    }

    private static void WalkRoles(ref JsonCursor json, Dictionary<Snowflake, ulong> roles)
    {
        var firstRole = true;
        if (!json.Enter((byte)'['))
        {
            return;
        }

        while (NextObject(ref json, ref firstRole))
        {
            ulong id = 0, permissions = 0;
            var found = 0;
            var first = true;
            while (json.NextProperty(ref first, out var name))
            {
                if (name.SequenceEqual("id"u8))
                {
                    id = json.Snowflake();
                    found |= 1;
                }
                else if (name.SequenceEqual("permissions"u8))
                {
                    permissions = json.Snowflake();
                    found |= 2;
                }
                else
                {
                    json.SkipValue();
                }

                if (found == 3)
                {
                    json.SkipRest();
                    break;
                }
            }

            roles[id] = permissions;
        }
    }

    private static void WalkOverwrites(ref JsonCursor json, List<ChannelOverwrite> overwrites)
    {
        var firstOverwrite = true;
        if (!json.Enter((byte)'['))
        {
            return;
        }

        while (NextObject(ref json, ref firstOverwrite))
        {
            ulong id = 0, allow = 0, deny = 0;
            var type = 0;
            var first = true;
            while (json.NextProperty(ref first, out var name))
            {
                if (name.SequenceEqual("id"u8))
                {
                    id = json.Snowflake();
                }
                else if (name.SequenceEqual("type"u8))
                {
                    type = json.Int32();
                }
                else if (name.SequenceEqual("allow"u8))
                {
                    allow = json.Snowflake();
                }
                else if (name.SequenceEqual("deny"u8))
                {
                    deny = json.Snowflake();
                }
                else
                {
                    json.SkipValue();
                }
            }

            overwrites.Add(new ChannelOverwrite(id, (PermissionOverwriteType)type, (DiscordPermissions)allow, (DiscordPermissions)deny));
        }
    }
}
