using System.Buffers;
using System.Text.Json;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>
/// A GUILD_CREATE of a given size from a fixed seed, in the shapes the benchmarks call guild-mid and guild-large: roles with
/// assorted permission bits (administrator among them), channels under categories with role and member overwrites, active
/// threads, members with several roles each, and fields the cache skips (names, emojis).
/// </summary>
internal static class GeneratedGuild
{
    public static byte[] Build(int seed, int roles, int channels, int threads, int members)
    {
        var random = new Random(seed);
        var next = 100_000_000_000_000_000UL + (ulong)(seed * 1_000_000);
        ulong Id() => next += (ulong)random.Next(1, 5000);
        var guild = Id();
        var roleIds = Enumerable.Range(0, roles).Select(i => i == 0 ? guild : Id()).ToArray();
        var channelIds = Enumerable.Range(0, channels).Select(_ => Id()).ToArray();
        var userIds = Enumerable.Range(0, members).Select(_ => Id()).ToArray();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", guild.ToString());
            w.WriteString("name", $"generated {seed}");
            w.WriteString("owner_id", userIds[0].ToString());
            w.WriteStartArray("roles");
            foreach (var role in roleIds)
            {
                w.WriteStartObject();
                w.WriteString("id", role.ToString());
                w.WriteString("name", $"role {role % 1000}");
                w.WriteNumber("color", random.Next());
                w.WriteString("permissions", Bits(random).ToString());
                w.WriteBoolean("managed", false);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("emojis");
            w.WriteStartObject();
            w.WriteString("id", Id().ToString());
            w.WriteStartArray("roles");
            w.WriteStringValue(roleIds[^1].ToString());
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            WriteChannels(w, random, channelIds, roleIds, userIds, categoryEvery: 10);
            w.WriteStartArray("threads");
            for (var t = 0; t < threads; t++)
            {
                w.WriteStartObject();
                w.WriteString("id", Id().ToString());
                w.WriteNumber("type", 11);
                w.WriteString("parent_id", channelIds[1 + random.Next(channels - 1)].ToString());
                w.WriteString("owner_id", userIds[random.Next(members)].ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("members");
            foreach (var user in userIds)
            {
                w.WriteStartObject();
                w.WriteStartObject("user");
                w.WriteString("id", user.ToString());
                w.WriteString("username", $"user{user % 10000}");
                w.WriteEndObject();
                w.WriteStartArray("roles");
                foreach (var role in roleIds.Skip(1).Where(_ => random.Next(roles) < 4))
                {
                    w.WriteStringValue(role.ToString());
                }

                w.WriteEndArray();
                w.WriteNull("nick");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChannels(Utf8JsonWriter w, Random random, ulong[] channels, ulong[] roles, ulong[] users, int categoryEvery)
    {
        w.WriteStartArray("channels");
        for (var c = 0; c < channels.Length; c++)
        {
            var category = c % categoryEvery == 0;
            w.WriteStartObject();
            w.WriteString("id", channels[c].ToString());
            w.WriteNumber("type", category ? 4 : random.Next(3) == 0 ? 2 : 0);
            w.WriteString("name", $"channel-{c}");
            if (category)
            {
                w.WriteNull("parent_id");
            }
            else
            {
                w.WriteString("parent_id", channels[c - (c % categoryEvery)].ToString());
            }

            w.WriteStartArray("permission_overwrites");
            for (var o = random.Next(4); o > 0; o--)
            {
                var member = random.Next(3) == 0;
                w.WriteStartObject();
                w.WriteString("id", (member ? users[random.Next(users.Length)] : roles[random.Next(roles.Length)]).ToString());
                w.WriteNumber("type", member ? 1 : 0);
                w.WriteString("allow", (Bits(random) & ~8UL).ToString());
                w.WriteString("deny", Bits(random).ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A few of the low permission bits; one role in ~20 has administrator (bit 3).</summary>
    private static ulong Bits(Random random) => ((ulong)random.NextInt64() & 0x7_FFFF_FFF7UL & (ulong)random.NextInt64()) | (random.Next(20) == 0 ? 8UL : 0);
}
