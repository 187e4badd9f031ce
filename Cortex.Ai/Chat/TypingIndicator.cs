using Cortex.Ai.Replies;
using Cortex.Discord.Models;

namespace Cortex.Ai.Chat;

/// <summary>
/// "Cortex is typing…" while the model works, as users of AI bots expect: shown at once, refreshed every
/// <see cref="Refresh"/> (Discord shows it for about 10 s, or until the bot's message arrives) and no
/// more often, so a slow answer costs one typing call per 8 s in the channel's bucket. Typing is cosmetic:
/// a failed call never costs the answer.
/// </summary>
public static class TypingIndicator
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(8);

    public static async Task<T> WhileAsync<T>(IDiscordReplies replies, Snowflake channelId, TimeProvider time, Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(work);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = KeepTypingAsync(replies, channelId, time, done.Token);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            await done.CancelAsync();
            await typing;
        }
    }

    private static async Task KeepTypingAsync(IDiscordReplies replies, Snowflake channelId, TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Refresh, time);
        try
        {
            do
            {
                await replies.ShowTypingAsync(channelId, stop);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The answer is ready (or the handler stopped): its message ends the indicator.
        }
    }
}
