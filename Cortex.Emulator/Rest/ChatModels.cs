using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

/// <summary>What the chat page needs to draw: guilds with channels, members and commands.</summary>
public sealed record ChatSnapshot(Snowflake ApplicationId, Snowflake BotId, IReadOnlyList<ChatGuild> Guilds);

public sealed record ChatGuild(Snowflake Id, string Name, IReadOnlyList<Channel> Channels, IReadOnlyList<ChatMember> Members, IReadOnlyList<ApplicationCommand> Commands);

public sealed record ChatMember(User User, DateTimeOffset? TimedOutUntil);

public sealed record ChatSendRequest
{
    public Snowflake ChannelId { get; init; }
    public Snowflake UserId { get; init; }
    public string Content { get; init; } = "";
}

public sealed record ChatCommandRequest
{
    public Snowflake? GuildId { get; init; }
    public Snowflake ChannelId { get; init; }
    public Snowflake UserId { get; init; }
    public string Name { get; init; } = "";

    /// <summary>Option values as typed on the page; converted to the command's option types.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

/// <summary>
/// A user clicks a button with <see cref="CustomId"/> on a message, or, with <see cref="Values"/>, submits
/// the values chosen in the select menu <see cref="CustomId"/>.
/// </summary>
public sealed record ChatComponentRequest
{
    public Snowflake ChannelId { get; init; }
    public Snowflake MessageId { get; init; }
    public Snowflake UserId { get; init; }
    public string CustomId { get; init; } = "";
    public IReadOnlyList<string>? Values { get; init; }
}

/// <summary>One server-sent event of the chat page: a dispatch, with its <c>d</c> as raw JSON.</summary>
public sealed record ChatFeedEvent(string Type, Snowflake? GuildId, Snowflake? VisibleTo, System.Text.Json.JsonElement Data);
