using System.Runtime.InteropServices;
using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Members read when first needed: on arrival the walk only bounds GUILD_CREATE's <c>members</c> (the bulk of a guild's walk,
/// its members and their user ids) and keeps the array's bytes, where they lie in the payload or copied; <see cref="IndexMembers"/>
/// reads them later with the same walk. The channels and roles are kept the same way (GuildCreateReader.DeferredParts.cs).
/// </summary>
internal static partial class GuildCreateReader
{
    /// <summary>
    /// The guild from a walk that only bounded its <paramref name="members"/> and its channel, thread and role arrays
    /// (<see cref="Scratch.Parts"/>): keeps what <paramref name="budget"/> holds, the members first, and walks the rest now, as
    /// without a budget. A walk here that meets an unexpected shape gives the charges back before it throws, so what is charged
    /// is always kept by the guild returned.
    /// </summary>
    private static CachedGuild KeepOrWalk(int shardId, ReadOnlyMemory<byte> payload, ulong id, ulong owner, Range? members, PendingMemberBudget budget, Scratch scratch)
    {
        var keptMembers = members is { } bounded ? KeepMembers(payload, bounded, budget) : null;
        var keptParts = KeepParts(payload, scratch.Parts, heldWithMembers: keptMembers is { Held: true }, budget);
        try
        {
            if (keptMembers is null && members is { } walked)
            {
                var json = new JsonCursor(payload.Span[walked]);
                WalkMembers(ref json, scratch.MemberRoles, scratch);
            }

            if (keptParts is null)
            {
                WalkParts(payload.Span, scratch.Parts, scratch);
            }
        }
        catch (UnexpectedJsonException)
        {
            budget.Release((keptMembers?.Charged ?? 0) + (keptParts?.Charged ?? 0));
            throw;
        }

        var guild = new CachedGuild(id, shardId, new(scratch.RolePermissions), new(scratch.Channels), new(scratch.MemberRoles)) { OwnerId = owner };
        if (keptMembers is var (memberBytes, memberCharge, _))
        {
            guild.KeepPending(memberBytes, memberCharge);
        }

        if (keptParts is var (parts, partCharge))
        {
            guild.KeepParts(parts, partCharge);
        }

        return guild;
    }

    /// <summary>
    /// The members array to keep, what it holds of <paramref name="budget"/>, and whether it is held in the payload itself, when the
    /// budget holds it; else null, for the caller to walk its members now. A value that is not an array, or an empty one, has no
    /// members to keep (nor to walk).
    /// </summary>
    private static (ReadOnlyMemory<byte> Members, int Charged, bool Held)? KeepMembers(ReadOnlyMemory<byte> payload, Range members, PendingMemberBudget budget)
    {
        var array = payload.Span[members];
        if (!HasElements(array))
        {
            return null;
        }

        if (HeldLength(payload, array.Length) is { } held)
        {
            // A slice of the payload itself: no copy, but its whole array stays alive, and is charged, until the members are read.
            return budget.TryCharge(held) ? (payload[members], held, true) : null;
        }

        if (!budget.TryCharge(array.Length))
        {
            return null;
        }

        // One exact-size copy, written over at once: no need to zero it first.
        var kept = GC.AllocateUninitializedArray<byte>(array.Length);
        array.CopyTo(kept);
        return (kept, kept.Length, false);
    }

    /// <summary>
    /// The length of the payload's array when the members are worth keeping in it: when they are at least half of it, so what is
    /// held is at most twice the members (a copy cost the recorded mix's 48 KB guilds ~3.6 µs in the gateway, the copy and its
    /// allocation; holding a 1 MB guild's array for 300 KB of members would not be worth it). Null: copy them.
    /// </summary>
    private static int? HeldLength(ReadOnlyMemory<byte> payload, int members) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Array!.Length <= 2L * members ? segment.Array.Length : null;

    /// <summary>
    /// A kept members array's members and their roles, read as on arrival: the walk, then the validating reader for a shape the
    /// walk does not expect. Null when the array is not valid JSON: its members cannot be told right from wrong, so none are
    /// taken (the guild's other parts were read on arrival and stay).
    /// </summary>
    internal static Dictionary<Snowflake, ulong[]>? IndexMembers(ReadOnlySpan<byte> array)
    {
        var scratch = Scratch.Take();
        try
        {
            try
            {
                var json = new JsonCursor(array);
                WalkMembers(ref json, scratch.MemberRoles, scratch);
            }
            catch (UnexpectedJsonException)
            {
                scratch.MemberRoles.Clear();
                var reader = new Utf8JsonReader(array);
                ReadMembers(ref reader, scratch.MemberRoles, scratch);
            }

            return new(scratch.MemberRoles);
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
