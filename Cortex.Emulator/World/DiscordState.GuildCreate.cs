using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Emulator.World;

public sealed partial class DiscordState
{
    /// <summary>
    /// GUILD_CREATE's <c>channels</c> with their permission overwrites, and <c>threads</c>: the active
    /// threads the bot can see, each with the bot's thread member when it has joined (as Discord sends them).
    /// </summary>
    private byte[] WithChannelsAndThreads(Snowflake guildId, byte[] guildCreate)
    {
        var node = JsonNode.Parse(guildCreate)!.AsObject();
        var channels = new JsonArray();
        foreach (var channel in _channels.Values.Where(c => c.GuildId == guildId && !IsThread(c)).OrderBy(c => c.Position))
        {
            channels.Add(JsonSerializer.SerializeToNode(GuildChannelModel(channel), DiscordJsonContext.Default.Channel));
        }

        var threads = new JsonArray();
        foreach (var thread in _channels.Values.Where(c => c.GuildId == guildId && IsThread(c) && c.ThreadMetadata?.Archived != true
            && (ChannelPermissions(c, Bot.Id) & DiscordPermissions.ViewChannel) != 0).OrderBy(c => c.Id.Value))
        {
            threads.Add(JsonSerializer.SerializeToNode(ThreadModelLocked(thread), DiscordJsonContext.Default.Channel));
        }

        node["channels"] = channels;
        node["threads"] = threads;
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }
}
