using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Threads as Discord's threads page describes them: channels of type 10, 11 or 12 under a text or
/// announcement channel, started from a message (same id as the message) or without one (private by
/// default), with explicit membership. Messages in a thread count in its metadata and unarchive it.
/// </summary>
public sealed partial class DiscordState
{
    private static readonly int[] AutoArchiveDurations = [60, 1440, 4320, 10080];

    private readonly Dictionary<(Snowflake Thread, Snowflake User), DateTimeOffset> _threadMembers = [];

    /// <summary>
    /// POST /channels/{channel.id}/messages/{message.id}/threads (with <paramref name="messageId"/>) or
    /// POST /channels/{channel.id}/threads. Raises THREAD_CREATE; the starter becomes a member.
    /// </summary>
    public Channel StartThread(Snowflake channelId, Snowflake? messageId, StartThreadRequest request, Snowflake actorId)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var parent = RequireChannel(channelId);
            if (parent.Type is not (ChannelType.GuildText or ChannelType.GuildAnnouncement))
            {
                throw new RestException(StatusCodes.Status400BadRequest, 50024, "Cannot execute action on this channel type");
            }

            var type = ThreadType(parent, messageId is not null, request.Type);
            RequireChannelPermissionLocked(parent, actorId, type == ChannelType.PrivateThread ? DiscordPermissions.CreatePrivateThreads : DiscordPermissions.CreatePublicThreads);
            ValidateThread(request);
            if (messageId is { } id)
            {
                if (!_messages.TryGetValue(id, out var starter) || starter.Message.ChannelId != channelId || starter.VisibleTo is not null)
                {
                    throw RestException.UnknownMessage();
                }

                if (_channels.ContainsKey(id))
                {
                    throw new RestException(StatusCodes.Status400BadRequest, 160004, "A thread has already been created for this message");
                }
            }

            var now = _time.GetUtcNow();
            var thread = new Channel
            {
                Id = messageId ?? NextId(),
                Type = type,
                GuildId = parent.GuildId,
                ParentId = parent.Id,
                OwnerId = actorId,
                Name = request.Name,
                RateLimitPerUser = request.RateLimitPerUser ?? 0,
                MessageCount = 0,
                MemberCount = 1,
                TotalMessageSent = 0,
                Flags = 0,
                ThreadMetadata = new ThreadMetadata
                {
                    AutoArchiveDuration = request.AutoArchiveDuration ?? 1440,
                    ArchiveTimestamp = now,
                    CreateTimestamp = now,
                    Invitable = type == ChannelType.PrivateThread ? request.Invitable ?? true : null,
                },
            };
            _channels[thread.Id] = thread;
            _threadMembers[(thread.Id, actorId)] = now;
            RaiseThread("THREAD_CREATE", thread, newlyCreated: true);
            return ThreadModelLocked(thread);
        }
    }

    /// <summary>A user joins a thread (PUT /channels/{id}/thread-members/@me for the bot). Raises THREAD_MEMBERS_UPDATE.</summary>
    public void JoinThread(Snowflake threadId, Snowflake userId)
    {
        lock (_lock)
        {
            var thread = RequireActiveThread(threadId);
            RequireChannelPermissionLocked(thread, userId, DiscordPermissions.ViewChannel);
            AddThreadMemberLocked(thread, userId);
        }
    }

    /// <summary>PUT /channels/{id}/thread-members/{user.id}: the actor must be able to send in the thread; the user must see it.</summary>
    public void AddThreadMember(Snowflake threadId, Snowflake userId, Snowflake actorId)
    {
        lock (_lock)
        {
            var thread = RequireActiveThread(threadId);
            RequireCanSendLocked(thread, actorId);
            RequireMember(thread.GuildId!.Value, userId);
            if ((ChannelPermissions(_channels[thread.ParentId!.Value], userId) & DiscordPermissions.ViewChannel) == 0)
            {
                throw new RestException(StatusCodes.Status403Forbidden, 50001, "Missing Access");
            }

            AddThreadMemberLocked(thread, userId);
        }
    }

    /// <summary>
    /// DELETE /channels/{id}/thread-members/{user.id} (or <c>@me</c> when <paramref name="userId"/> is the
    /// actor): removing someone else takes Manage Threads, or being the creator of a private thread.
    /// </summary>
    public void RemoveThreadMember(Snowflake threadId, Snowflake userId, Snowflake actorId)
    {
        lock (_lock)
        {
            var thread = RequireActiveThread(threadId);
            if (userId != actorId && !HasChannelPermission(thread, actorId, DiscordPermissions.ManageThreads)
                && !(thread.Type == ChannelType.PrivateThread && thread.OwnerId == actorId))
            {
                throw RestException.MissingPermissions();
            }

            if (!_threadMembers.Remove((threadId, userId)))
            {
                throw new RestException(StatusCodes.Status404NotFound, 10007, "Unknown Member");
            }

            _channels[threadId] = thread with { MemberCount = ThreadMemberCount(threadId) };
            RaiseThreadMembers(thread, added: null, removed: userId);
        }
    }
}
