using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Modify Channel on a thread: archive and unarchive, lock, rename, auto-archive duration, invitable. An
/// archived thread takes no change but unarchiving (50083). Unarchiving takes only the right to send in the
/// thread unless it is locked; locking takes Manage Threads; the rest takes Manage Threads or being the
/// thread's creator (discord.js's <c>ThreadChannel#editable</c>, <c>#unarchivable</c> read the same rules).
/// </summary>
public sealed partial class DiscordState
{
    private Channel ModifyThreadLocked(Channel thread, ModifyChannelRequest request, Snowflake actorId)
    {
        var metadata = thread.ThreadMetadata ?? new ThreadMetadata();
        var held = ChannelPermissions(thread, actorId);
        if ((held & DiscordPermissions.ViewChannel) == 0)
        {
            throw MissingAccess();
        }

        var manages = (held & DiscordPermissions.ManageThreads) != 0;
        if (metadata.Archived && request.Archived != false)
        {
            throw new RestException(StatusCodes.Status400BadRequest, 50083, "Thread is archived");
        }

        var unarchiving = metadata.Archived && request.Archived == false;
        var creator = thread.OwnerId == actorId && (thread.Type != ChannelType.PrivateThread || _threadMembers.ContainsKey((thread.Id, actorId)));
        var otherChanges = request.Name is not null || request.AutoArchiveDuration is not null || request.RateLimitPerUser is not null
            || request.Invitable is not null || request.Archived == true;
        var allowed = (request.Locked is null || manages)
            && (!unarchiving || (metadata.Locked ? manages : (held & DiscordPermissions.SendMessagesInThreads) != 0))
            && (!otherChanges || manages || creator);
        if (!allowed)
        {
            throw RestException.MissingPermissions();
        }

        ValidateThread(new StartThreadRequest { Name = request.Name ?? thread.Name ?? "", AutoArchiveDuration = request.AutoArchiveDuration, RateLimitPerUser = request.RateLimitPerUser });
        if (request.Invitable is not null && thread.Type != ChannelType.PrivateThread)
        {
            throw RestException.InvalidFormBody("invitable: Only a private thread can be invitable.");
        }

        var archived = request.Archived ?? metadata.Archived;
        var updated = thread with
        {
            Name = request.Name ?? thread.Name,
            RateLimitPerUser = request.RateLimitPerUser ?? thread.RateLimitPerUser,
            ThreadMetadata = metadata with
            {
                Archived = archived,
                ArchiveTimestamp = archived != metadata.Archived ? _time.GetUtcNow() : metadata.ArchiveTimestamp,
                Locked = request.Locked ?? metadata.Locked,
                AutoArchiveDuration = request.AutoArchiveDuration ?? metadata.AutoArchiveDuration,
                Invitable = request.Invitable ?? metadata.Invitable,
            },
        };
        _channels[thread.Id] = updated;
        RaiseThread("THREAD_UPDATE", updated, newlyCreated: false);
        return ThreadModelLocked(updated);
    }

    /// <summary>
    /// A message to an archived thread unarchives it, except a locked one, which only Manage Threads may
    /// reopen: anyone else is refused with 50083, as Discord refuses it.
    /// </summary>
    private void RequireThreadOpenLocked(Channel channel, Snowflake authorId)
    {
        if (IsThread(channel) && channel.ThreadMetadata is { Archived: true, Locked: true } && !HasChannelPermission(channel, authorId, DiscordPermissions.ManageThreads))
        {
            throw new RestException(StatusCodes.Status400BadRequest, 50083, "Thread is archived");
        }
    }
}
