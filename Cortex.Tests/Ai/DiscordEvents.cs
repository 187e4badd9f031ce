using System.Globalization;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Ai;

/// <summary>Gateway payloads shaped as Discord documents them, for the handlers and streams.</summary>
internal static class DiscordEvents
{
    private static long _nextId = 1_000_000 + Random.Shared.Next(1_000_000);

    public static ulong NextId() => (ulong)Interlocked.Increment(ref _nextId);

    public static JsonObject Message(ulong guildId, ulong channelId, ulong authorId, string content, bool mentionBot = false, bool bot = false, ulong? id = null, string name = "ana")
    {
        var mentions = new JsonArray();
        if (mentionBot)
        {
            mentions.Add(new JsonObject { ["id"] = S(FakeUpstream.BotUserId), ["username"] = "Cortex", ["bot"] = true });
            content = $"<@{FakeUpstream.BotUserId}> {content}";
        }

        return new JsonObject
        {
            ["id"] = S(id ?? NextId()),
            ["channel_id"] = S(channelId),
            ["guild_id"] = S(guildId),
            ["author"] = new JsonObject { ["id"] = S(authorId), ["username"] = name, ["global_name"] = name, ["bot"] = bot },
            ["member"] = new JsonObject { ["nick"] = null },
            ["content"] = content,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["mentions"] = mentions,
            ["type"] = 0,
        };
    }

    public static JsonObject Command(ulong guildId, ulong channelId, ulong userId, string name, JsonArray? options = null, ulong? id = null) => new()
    {
        ["id"] = S(id ?? NextId()),
        ["application_id"] = "777",
        ["type"] = 2,
        ["token"] = "tok-" + NextId(),
        ["guild_id"] = S(guildId),
        ["channel_id"] = S(channelId),
        ["member"] = new JsonObject { ["nick"] = null, ["user"] = new JsonObject { ["id"] = S(userId), ["username"] = "ana", ["global_name"] = "ana" } },
        ["data"] = new JsonObject { ["id"] = "1", ["name"] = name, ["type"] = 1, ["options"] = options ?? [] },
    };

    public static JsonObject Ask(ulong guildId, ulong channelId, ulong userId, string question) =>
        Command(guildId, channelId, userId, "ask", [new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = question }]);

    public static JsonObject Memory(ulong guildId, ulong userId, string subcommand) =>
        Command(guildId, 1, userId, "memory", [new JsonObject { ["name"] = subcommand, ["type"] = 1 }]);

    private static string S(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
