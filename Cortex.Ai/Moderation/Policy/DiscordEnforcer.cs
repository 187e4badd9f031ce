using System.Globalization;
using System.Net;
using Cortex.Ai.Moderation.Config;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Cortex.Ai.Moderation.Policy;

/// <summary>
/// Carries a case out on Discord through <see cref="DiscordRestClient"/>. Every step's answer is
/// kept: a permission refusal (403, code 50013) is logged and reported, never retried, and a message
/// or ban that is already gone counts as done, so repeating an action is harmless.
/// </summary>
public sealed partial class DiscordEnforcer(DiscordRestClient discord, ModerationMetrics metrics, ILogger<DiscordEnforcer> logger)
{
    private const int MaxAuditReason = 512;

    public async Task<EnforcementResult> EnforceAsync(ModerationCase @case, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var reason = AuditReason(@case);
        var steps = new List<StepResult>();
        switch (@case.Action)
        {
            case ModerationAction.Warn:
                steps.Add(await StepAsync("warn", @case, () => discord.CreateMessageAsync(@case.ChannelId!.Value, WarningMessage(@case), cancellationToken)));
                break;
            case ModerationAction.Delete:
                steps.Add(await DeleteAsync(@case, reason, cancellationToken));
                break;
            case ModerationAction.DeleteAndTimeout:
                steps.Add(await DeleteAsync(@case, reason, cancellationToken));
                steps.Add(await StepAsync("timeout", @case, () => discord.TimeoutMemberAsync(@case.GuildId, @case.UserId, @case.TimeoutUntil, reason, cancellationToken)));
                break;
            case ModerationAction.Timeout:
                steps.Add(await StepAsync("timeout", @case, () => discord.TimeoutMemberAsync(@case.GuildId, @case.UserId, @case.TimeoutUntil, reason, cancellationToken)));
                break;
            case ModerationAction.Ban:
                steps.Add(await StepAsync("ban", @case, () => discord.BanAsync(@case.GuildId, @case.UserId, 0, reason, cancellationToken)));
                break;
        }

        return new EnforcementResult(string.Join("; ", steps.Select(s => s.Text)), steps.Any(s => s.Failed));
    }

    /// <summary>Undoes what can be undone when a case is overturned: a ban is lifted, a timeout removed.</summary>
    public async Task<EnforcementResult> UndoAsync(ModerationCase @case, string moderator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var reason = Truncate($"Case #{@case.CaseNumber} overturned by {moderator}");
        StepResult step = @case.Action switch
        {
            ModerationAction.Ban => await StepAsync("unban", @case, () => discord.UnbanAsync(@case.GuildId, @case.UserId, reason, cancellationToken), alreadyDone: DiscordErrorCodes.UnknownBan),
            ModerationAction.DeleteAndTimeout or ModerationAction.Timeout =>
                await StepAsync("remove timeout", @case, () => discord.TimeoutMemberAsync(@case.GuildId, @case.UserId, null, reason, cancellationToken), alreadyDone: DiscordErrorCodes.UnknownMember),
            ModerationAction.Delete => new StepResult("nothing to undo on Discord (a deleted message cannot be restored)", false),
            _ => new StepResult("nothing to undo on Discord", false),
        };
        return new EnforcementResult(step.Text, step.Failed);
    }

    /// <summary>Tells the guild's log channel, when it has one; a failure here changes nothing else.</summary>
    public async Task AnnounceAsync(ulong? logChannelId, string text, CancellationToken cancellationToken)
    {
        if (logChannelId is not { } channelId)
        {
            return;
        }

        try
        {
            await discord.CreateMessageAsync(channelId, new CreateMessageRequest { Content = Truncate(text, 2000), AllowedMentions = AllowedMentions.None }, cancellationToken);
        }
        catch (Exception e) when (e is DiscordRestException or InvalidRequestLimitException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogAnnounceFailed(logger, channelId, e);
        }
    }

    public static bool IsPermissionError(DiscordRestException e) =>
        e.Status == HttpStatusCode.Forbidden || e.Code is DiscordErrorCodes.MissingPermissions or DiscordErrorCodes.MissingAccess;

    private Task<StepResult> DeleteAsync(ModerationCase @case, string reason, CancellationToken cancellationToken) =>
        StepAsync("delete", @case, () => discord.DeleteMessageAsync(@case.ChannelId!.Value, @case.MessageId!.Value, reason, cancellationToken), alreadyDone: DiscordErrorCodes.UnknownMessage);

    private async Task<StepResult> StepAsync(string name, ModerationCase @case, Func<Task> call, int? alreadyDone = null)
    {
        var action = name.Replace(' ', '_');
        try
        {
            await call();
            metrics.Action(action, "done");
            return new StepResult($"{name}: done", false);
        }
        catch (DiscordRestException e) when (alreadyDone is { } code && e.Code == code)
        {
            metrics.Action(action, "already_done", e.Code);
            return new StepResult($"{name}: already done ({e.Code} {e.DiscordMessage})", false);
        }
        catch (DiscordRestException e) when (IsPermissionError(e))
        {
            metrics.Action(action, "forbidden", e.Code);
            LogForbidden(logger, name, @case.GuildId, @case.CaseNumber, (int)e.Status, e.Code, e.DiscordMessage);
            return new StepResult(string.Create(CultureInfo.InvariantCulture, $"{name}: forbidden ({(int)e.Status}, code {e.Code}: {e.DiscordMessage})"), true);
        }
        catch (DiscordRestException e)
        {
            metrics.Action(action, "failed", e.Code);
            LogFailed(logger, name, @case.GuildId, @case.CaseNumber, e);
            return new StepResult(string.Create(CultureInfo.InvariantCulture, $"{name}: failed ({(int)e.Status}, code {e.Code}: {e.DiscordMessage})"), true);
        }
        catch (Exception e) when (e is InvalidRequestLimitException or HttpRequestException or TaskCanceledException)
        {
            metrics.Action(action, "failed");
            LogFailed(logger, name, @case.GuildId, @case.CaseNumber, e);
            return new StepResult($"{name}: failed ({e.GetType().Name}: {e.Message})", true);
        }
    }

    private static CreateMessageRequest WarningMessage(ModerationCase @case) => new()
    {
        Content = Truncate(string.Create(CultureInfo.InvariantCulture,
            $"<@{@case.UserId}> warning (case #{@case.CaseNumber}): {@case.Reason}. Use /appeal case:{@case.CaseNumber} if you think this is wrong."), 2000),
        AllowedMentions = new AllowedMentions { Parse = [], Users = [new Snowflake(@case.UserId)] },
        MessageReference = @case.MessageId is { } messageId ? new MessageReference { MessageId = new Snowflake(messageId), FailIfNotExists = false } : null,
    };

    private static string AuditReason(ModerationCase @case) => Truncate(string.Create(CultureInfo.InvariantCulture, $"Cortex case #{@case.CaseNumber}: {@case.Reason}"));

    private static string Truncate(string text, int max = MaxAuditReason) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(1, LogLevel.Warning, "Discord refused moderation step {Step} in guild {GuildId} (case #{CaseNumber}): {Status}, code {Code}: {DiscordMessage}. Not retried; the bot lacks a permission.")]
    private static partial void LogForbidden(ILogger logger, string step, ulong guildId, long caseNumber, int status, int code, string discordMessage);

    [LoggerMessage(2, LogLevel.Error, "Moderation step {Step} failed in guild {GuildId} (case #{CaseNumber}).")]
    private static partial void LogFailed(ILogger logger, string step, ulong guildId, long caseNumber, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Could not post to moderation log channel {ChannelId}.")]
    private static partial void LogAnnounceFailed(ILogger logger, ulong channelId, Exception exception);

    private sealed record StepResult(string Text, bool Failed);
}

/// <param name="Outcome">Each step's answer, e.g. "delete: done; timeout: forbidden (403, code 50013: Missing Permissions)".</param>
public sealed record EnforcementResult(string Outcome, bool Failed);
