using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Channels, active threads and roles read when first needed, like the members (GuildCreateReader.Deferred.cs): on arrival the
/// walk only bounds these arrays (~half of the cache's arrival in the recorded mix, ~7 µs per GUILD_CREATE, went to walking
/// them) and keeps them where they lie in the payload when the payload is held for the members anyway, else as one copy;
/// <see cref="IndexParts"/> reads them later with the same walk, in the payload's order.
/// </summary>
internal static partial class GuildCreateReader
{
    /// <summary>
    /// The arrays to keep and what they hold of <paramref name="budget"/>: in the payload when <paramref name="heldWithMembers"/>
    /// (the kept members already hold and charge it; nothing more), else copied when the budget holds the copy. Null when there is
    /// nothing to keep (no array with anything in it) or the budget does not hold it: the caller walks them now.
    /// </summary>
    private static (PendingGuildParts Parts, int Charged)? KeepParts(ReadOnlyMemory<byte> payload, List<KeptPart> found, bool heldWithMembers, PendingMemberBudget budget)
    {
        var (count, total) = (0, 0);
        foreach (var part in found)
        {
            if (HasElements(payload.Span[part.Bytes]))
            {
                (count, total) = (count + 1, total + part.Bytes.GetOffsetAndLength(payload.Length).Length);
            }
        }

        if (count == 0 || (!heldWithMembers && !budget.TryCharge(total)))
        {
            return null;
        }

        var kept = new KeptPart[count];
        var copy = heldWithMembers ? null : GC.AllocateUninitializedArray<byte>(total);
        var (next, at) = (0, 0);
        foreach (var part in found)
        {
            var array = payload.Span[part.Bytes];
            if (!HasElements(array))
            {
                continue;
            }

            if (copy is null)
            {
                kept[next++] = part;
                continue;
            }

            // Copied back to back into one exact-size array, written over at once: no need to zero it first.
            array.CopyTo(copy.AsSpan(at));
            kept[next++] = part with { Bytes = at..(at + array.Length) };
            at += array.Length;
        }

        return copy is null ? (new(payload, kept, HeldWithMembers: true), 0) : (new(copy, kept, HeldWithMembers: false), copy.Length);
    }

    /// <summary>An array value with something between its brackets (a walk of any other value caches nothing).</summary>
    private static bool HasElements(ReadOnlySpan<byte> value) => value.Length > 2 && value[0] == (byte)'[';

    /// <summary>Walks the bounded arrays into the scratch, as the walk reads them when not deferring.</summary>
    private static void WalkParts(ReadOnlySpan<byte> payload, List<KeptPart> parts, Scratch scratch)
    {
        foreach (var part in parts)
        {
            var json = new JsonCursor(payload[part.Bytes]);
            if (part.Part == GuildPart.Roles)
            {
                WalkRoles(ref json, scratch.RolePermissions);
            }
            else
            {
                WalkChannels(ref json, scratch.Channels, scratch);
            }
        }
    }

    /// <summary>
    /// Kept channels and roles, read as on arrival: the walk, then (for a shape the walk does not expect, in any of them) all of
    /// them again with the validating reader, as a payload the walk refused was read. Null when they are not valid JSON: none is
    /// taken, as with members.
    /// </summary>
    internal static (Dictionary<Snowflake, ulong> Roles, Dictionary<Snowflake, CachedChannel> Channels)? IndexParts(PendingGuildParts pending)
    {
        var scratch = Scratch.Take();
        try
        {
            try
            {
                foreach (var part in pending.Arrays)
                {
                    var json = new JsonCursor(pending.Bytes.Span[part.Bytes]);
                    if (part.Part == GuildPart.Roles)
                    {
                        WalkRoles(ref json, scratch.RolePermissions);
                    }
                    else
                    {
                        WalkChannels(ref json, scratch.Channels, scratch);
                    }
                }
            }
            catch (UnexpectedJsonException)
            {
                scratch.RolePermissions.Clear();
                scratch.Channels.Clear();
                foreach (var part in pending.Arrays)
                {
                    var reader = new Utf8JsonReader(pending.Bytes.Span[part.Bytes]);
                    if (part.Part == GuildPart.Roles)
                    {
                        ReadRoles(ref reader, scratch.RolePermissions);
                    }
                    else
                    {
                        ReadChannels(ref reader, scratch.Channels, scratch);
                    }
                }
            }

            return (new(scratch.RolePermissions), new(scratch.Channels));
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            scratch.Release();
        }
    }
}

/// <summary>Which of a guild's dictionaries a GUILD_CREATE array fills: <c>channels</c> and <c>threads</c> both fill the channels.</summary>
internal enum GuildPart : byte
{
    Roles,
    Channels,
}

/// <summary>One bounded array of a GUILD_CREATE: what it holds and where its bytes lie.</summary>
internal readonly record struct KeptPart(GuildPart Part, Range Bytes);

/// <summary>
/// A guild's channel, thread and role arrays kept unread, in the payload's order (a later array's entry wins, as on arrival):
/// <paramref name="Bytes"/> is the payload itself when <paramref name="HeldWithMembers"/>, else their copy.
/// </summary>
internal sealed record PendingGuildParts(ReadOnlyMemory<byte> Bytes, KeptPart[] Arrays, bool HeldWithMembers);
