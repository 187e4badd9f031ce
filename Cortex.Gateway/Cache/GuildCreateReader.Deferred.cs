using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Gateway.Cache;

/// <summary>
/// Members read when first needed: on arrival the walk only bounds GUILD_CREATE's <c>members</c> (the bulk of a guild's walk,
/// its members and their user ids) and keeps the array's bytes; <see cref="IndexMembers"/> reads them later with the same walk.
/// </summary>
internal static partial class GuildCreateReader
{
    /// <summary>
    /// The members array's own copy when <paramref name="budget"/> holds it; else null, its members walked into the scratch now,
    /// as without a budget. A value that is not an array, or an empty one, has no members to keep.
    /// </summary>
    private static byte[]? KeepOrWalkMembers(ReadOnlySpan<byte> array, PendingMemberBudget budget, Scratch scratch)
    {
        if (array.Length <= 2 || array[0] != (byte)'[')
        {
            return null;
        }

        if (budget.TryCharge(array.Length))
        {
            // One exact-size copy, written over at once: no need to zero it first.
            var kept = GC.AllocateUninitializedArray<byte>(array.Length);
            array.CopyTo(kept);
            return kept;
        }

        var json = new JsonCursor(array);
        WalkMembers(ref json, scratch.MemberRoles, scratch);
        return null;
    }

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
