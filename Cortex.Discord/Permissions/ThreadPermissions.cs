namespace Cortex.Discord.Permissions;

/// <summary>
/// Threads, as Discord's threads and permissions pages document them: a thread has its parent
/// channel's permissions, except that sending takes Send Messages in Threads (Send Messages has no
/// effect there), and a private thread is seen only by its members and by those with Manage Threads.
/// </summary>
public static class ThreadPermissions
{
    /// <summary>A member's permissions in a thread, from their permissions in its parent channel.</summary>
    public static DiscordPermissions InThread(DiscordPermissions parentPermissions, bool isPrivate, bool isThreadMember)
    {
        if (parentPermissions == DiscordPermissions.All)
        {
            return parentPermissions;
        }

        if (isPrivate && !isThreadMember && (parentPermissions & DiscordPermissions.ManageThreads) == 0)
        {
            return DiscordPermissions.None;
        }

        return parentPermissions;
    }

    /// <summary>The bit that lets one send a message: Send Messages in a channel, Send Messages in Threads in a thread.</summary>
    public static DiscordPermissions SendPermission(bool isThread) => isThread ? DiscordPermissions.SendMessagesInThreads : DiscordPermissions.SendMessages;
}
