using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>Reading threads and their members, and the dispatches threads raise.</summary>
public sealed partial class DiscordState
{
    /// <summary>GET /channels/{id}/thread-members: needs to see the thread.</summary>
    public IReadOnlyList<ThreadMember> GetThreadMembers(Snowflake threadId, Snowflake actorId)
    {
        lock (_lock)
        {
            var thread = RequireThread(threadId);
            RequireChannelPermissionLocked(thread, actorId, DiscordPermissions.ViewChannel);
            return [.. _threadMembers.Where(m => m.Key.Thread == threadId).OrderBy(m => m.Value).Select(m => ThreadMemberModel(threadId, m.Key.User))];
        }
    }

    /// <summary>GET /guilds/{guild.id}/threads/active: the active threads the actor can see, and the actor's memberships of them.</summary>
    public ActiveThreads GetActiveThreads(Snowflake guildId, Snowflake actorId)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            RequireMember(guildId, actorId);
            var threads = _channels.Values
                .Where(c => c.GuildId == guildId && IsThread(c) && c.ThreadMetadata?.Archived != true
                    && (ChannelPermissions(c, actorId) & DiscordPermissions.ViewChannel) != 0)
                .OrderBy(c => c.Id.Value).ToList();
            return new ActiveThreads(
                [.. threads.Select(ThreadModelLocked)],
                [.. threads.Where(t => _threadMembers.ContainsKey((t.Id, actorId))).Select(t => ThreadMemberModel(t.Id, actorId))]);
        }
    }

    /// <summary>The threads of a guild (chat page, tests), oldest first.</summary>
    public IReadOnlyList<Channel> GetThreads(Snowflake guildId)
    {
        lock (_lock)
        {
            return [.. _channels.Values.Where(c => c.GuildId == guildId && IsThread(c)).OrderBy(c => c.Id.Value).Select(ThreadModelLocked)];
        }
    }

    /// <summary>A message was sent in <paramref name="channel"/>: a thread counts it and, unless locked, is unarchived.</summary>
    private void CountThreadMessageLocked(Channel channel, Snowflake messageId)
    {
        if (!IsThread(channel))
        {
            return;
        }

        var metadata = channel.ThreadMetadata ?? new ThreadMetadata();
        var unarchive = metadata.Archived && !metadata.Locked;
        _channels[channel.Id] = channel with
        {
            MessageCount = (channel.MessageCount ?? 0) + 1,
            TotalMessageSent = (channel.TotalMessageSent ?? 0) + 1,
            LastMessageId = messageId,
            ThreadMetadata = unarchive ? metadata with { Archived = false, ArchiveTimestamp = _time.GetUtcNow() } : metadata,
        };
        if (unarchive)
        {
            RaiseThread("THREAD_UPDATE", _channels[channel.Id], newlyCreated: false);
        }
    }

    private void AddThreadMemberLocked(Channel thread, Snowflake userId)
    {
        if (!_threadMembers.TryAdd((thread.Id, userId), _time.GetUtcNow()))
        {
            return;
        }

        var updated = thread with { MemberCount = ThreadMemberCount(thread.Id) };
        _channels[thread.Id] = updated;
        RaiseThreadMembers(updated, added: userId, removed: null);
        if (userId == Bot.Id)
        {
            // Joining fires THREAD_CREATE too: the bot may not have been told of a private thread before.
            RaiseThread("THREAD_CREATE", updated, newlyCreated: false);
        }
    }

    private void RaiseThread(string type, Channel thread, bool newlyCreated)
    {
        var node = JsonSerializer.SerializeToNode(ThreadModelLocked(thread), DiscordJsonContext.Default.Channel)!.AsObject();
        if (newlyCreated)
        {
            node["newly_created"] = true;
        }

        // Discord tells a client of a thread only if it may view it.
        var botSees = (ChannelPermissions(thread, Bot.Id) & DiscordPermissions.ViewChannel) != 0;
        _dispatches.Raise(new EmulatorDispatch(type, thread.GuildId, JsonSerializer.SerializeToUtf8Bytes(node), ToGateway: botSees));
    }

    private void RaiseThreadMembers(Channel thread, Snowflake? added, Snowflake? removed)
    {
        var node = new JsonObject
        {
            ["id"] = thread.Id.ToString(),
            ["guild_id"] = thread.GuildId.ToString(),
            ["member_count"] = ThreadMemberCount(thread.Id),
        };
        if (added is { } user)
        {
            node["added_members"] = new JsonArray(JsonSerializer.SerializeToNode(ThreadMemberModel(thread.Id, user), DiscordJsonContext.Default.ThreadMember));
        }

        if (removed is { } gone)
        {
            node["removed_member_ids"] = new JsonArray(JsonValue.Create(gone.ToString()));
        }

        var botSees = (ChannelPermissions(thread, Bot.Id) & DiscordPermissions.ViewChannel) != 0 || added == Bot.Id || removed == Bot.Id;
        _dispatches.Raise(new EmulatorDispatch("THREAD_MEMBERS_UPDATE", thread.GuildId, JsonSerializer.SerializeToUtf8Bytes(node), ToGateway: botSees));
    }

    /// <summary>The thread as Discord sends it, with the bot's own thread member when it has joined.</summary>
    private Channel ThreadModelLocked(Channel thread) => thread with
    {
        Member = _threadMembers.TryGetValue((thread.Id, Bot.Id), out var joined)
            ? new ThreadMember { Id = thread.Id, UserId = Bot.Id, JoinTimestamp = joined, Flags = 0 }
            : null,
    };

    private ThreadMember ThreadMemberModel(Snowflake threadId, Snowflake userId) =>
        new() { Id = threadId, UserId = userId, JoinTimestamp = _threadMembers[(threadId, userId)], Flags = 0 };

    private int ThreadMemberCount(Snowflake threadId) => Math.Min(50, _threadMembers.Keys.Count(k => k.Thread == threadId));

    private Channel RequireThread(Snowflake threadId) =>
        _channels.GetValueOrDefault(threadId) is { } channel && IsThread(channel) ? channel : throw RestException.UnknownChannel();

    private Channel RequireActiveThread(Snowflake threadId)
    {
        var thread = RequireThread(threadId);
        return thread.ThreadMetadata?.Archived == true
            ? throw new RestException(StatusCodes.Status400BadRequest, 50083, "Thread is archived")
            : thread;
    }

    private static ChannelType ThreadType(Channel parent, bool fromMessage, int? requested)
    {
        if (fromMessage)
        {
            return parent.Type == ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
        }

        // Without a message the type defaults to a private thread, as Discord documents.
        var type = (ChannelType)(requested ?? (int)ChannelType.PrivateThread);
        return (type, parent.Type) switch
        {
            (ChannelType.PublicThread, ChannelType.GuildText) or (ChannelType.PrivateThread, ChannelType.GuildText)
                or (ChannelType.AnnouncementThread, ChannelType.GuildAnnouncement) => type,
            _ => throw RestException.InvalidFormBody("type: Not a thread type this channel can have."),
        };
    }

    private static void ValidateThread(StartThreadRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            throw RestException.InvalidFormBody("name: Must be between 1 and 100 in length.");
        }

        if (request.AutoArchiveDuration is { } minutes && !AutoArchiveDurations.Contains(minutes))
        {
            throw RestException.InvalidFormBody("auto_archive_duration: Must be one of 60, 1440, 4320, 10080.");
        }

        if (request.RateLimitPerUser is < 0 or > 21600)
        {
            throw RestException.InvalidFormBody("rate_limit_per_user: Must be between 0 and 21600.");
        }
    }

    /// <summary>Seeing the channel (50001 otherwise), then <paramref name="permission"/> in it (50013 otherwise).</summary>
    private void RequireChannelPermissionLocked(Channel channel, Snowflake actorId, DiscordPermissions permission)
    {
        var held = ChannelPermissions(channel, actorId);
        if ((held & DiscordPermissions.ViewChannel) == 0)
        {
            throw new RestException(StatusCodes.Status403Forbidden, 50001, "Missing Access");
        }

        if ((held & permission) != permission)
        {
            throw RestException.MissingPermissions();
        }
    }
}

/// <summary>POST /channels/{id}/threads and /channels/{id}/messages/{id}/threads.</summary>
public sealed record StartThreadRequest
{
    public string Name { get; init; } = "";
    public int? AutoArchiveDuration { get; init; }
    public int? Type { get; init; }
    public bool? Invitable { get; init; }
    public int? RateLimitPerUser { get; init; }
}

/// <summary>GET /guilds/{guild.id}/threads/active.</summary>
public sealed record ActiveThreads(IReadOnlyList<Channel> Threads, IReadOnlyList<ThreadMember> Members);
