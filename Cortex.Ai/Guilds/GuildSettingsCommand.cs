using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cortex.Ai.Chat;
using Cortex.Ai.Replies;
using Cortex.Commands;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Guilds;

/// <summary>
/// <c>/ai-settings show|set|add-channel|remove-channel|reset</c>: a guild's AI limits, model and
/// chat channels, persisted in <c>ai.guild_settings</c>. Only members with Manage Guild (or
/// Administrator) may change them — Discord hides the command from others, and the permissions
/// Discord sends with the interaction are checked again here. Every answer is ephemeral; a refused
/// or invalid change writes nothing.
/// </summary>
public sealed partial class GuildSettingsCommand(GuildSettingsStore store, IOptions<AiDefaultsOptions> defaults, IDiscordReplies replies) : IAiCommand
{
    private const int MaxChatChannels = 25;

    public string Name => AiCommandList.Settings;

    public async Task HandleAsync(Interaction interaction, User caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var text = interaction.GuildId is null
            ? "/ai-settings works in a server."
            : await AnswerAsync(interaction.GuildId.Value, interaction.Member, interaction.Data?.Options, cancellationToken);
        await replies.RespondEphemeralAsync(interaction.Id, interaction.Token, text, cancellationToken);
    }

    /// <summary>Runs the subcommand and returns the ephemeral answer.</summary>
    public async Task<string> AnswerAsync(Snowflake guildId, GuildMember? member, IReadOnlyList<InteractionDataOption>? options, CancellationToken cancellationToken)
    {
        if (!CanManage(member?.Permissions))
        {
            return "Changing or viewing the AI settings needs the Manage Server permission.";
        }

        var subcommand = options is [var only] ? only : null;
        var arguments = subcommand?.Options ?? [];
        switch (subcommand?.Name)
        {
            case AiCommandList.SettingsShow:
                return Render(await store.GetAsync(guildId, cancellationToken));

            case AiCommandList.SettingsSet:
                return await SetAsync(guildId, arguments, cancellationToken);

            case AiCommandList.SettingsAddChannel or AiCommandList.SettingsRemoveChannel:
                return await ChangeChannelAsync(guildId, subcommand.Name == AiCommandList.SettingsAddChannel, arguments, cancellationToken);

            case AiCommandList.SettingsReset:
                await store.ResetAsync(guildId, cancellationToken);
                return "Reset: this server uses the default AI settings again.\n" + Render(await store.GetAsync(guildId, cancellationToken));

            default:
                return "Use /ai-settings show, set, add-channel, remove-channel or reset.";
        }
    }

    internal static bool CanManage(string? permissions) => PermissionBits.HasAny(permissions, DiscordPermissions.ManageGuild);

    private async Task<string> SetAsync(Snowflake guildId, IReadOnlyList<InteractionDataOption> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Count == 0)
        {
            return "Give at least one setting to change: user-calls, window-seconds, daily-tokens or model.";
        }

        var current = await store.GetOverridesAsync(guildId, cancellationToken);
        var changed = current;
        foreach (var argument in arguments)
        {
            switch (argument.Name)
            {
                case AiCommandList.SettingsUserCalls:
                    if (Integer(argument) is not { } calls || calls < 1 || calls > AiCommandList.MaxUserCalls)
                    {
                        return $"user-calls must be a whole number from 1 to {AiCommandList.MaxUserCalls:N0}. Nothing was changed.";
                    }

                    changed = changed with { UserCallsPerWindow = (int)calls };
                    break;

                case AiCommandList.SettingsWindowSeconds:
                    if (Integer(argument) is not { } seconds || seconds < 1 || seconds > AiCommandList.MaxWindowSeconds)
                    {
                        return $"window-seconds must be a whole number from 1 to {AiCommandList.MaxWindowSeconds:N0}. Nothing was changed.";
                    }

                    changed = changed with { UserWindow = TimeSpan.FromSeconds(seconds) };
                    break;

                case AiCommandList.SettingsDailyTokens:
                    if (Integer(argument) is not { } tokens || tokens < 1 || tokens > AiCommandList.MaxDailyTokens)
                    {
                        return $"daily-tokens must be a whole number from 1 to {AiCommandList.MaxDailyTokens:N0}. Nothing was changed.";
                    }

                    changed = changed with { DailyTokens = tokens };
                    break;

                case AiCommandList.SettingsModel:
                    var model = argument.Value is { ValueKind: JsonValueKind.String } text ? text.GetString()?.Trim() : null;
                    if (model is null || model.Length > AiCommandList.MaxModelLength || !ModelName().IsMatch(model))
                    {
                        return "model must be an OpenAI chat model name such as gpt-4o-mini, gpt-4.1 or o4-mini. Nothing was changed.";
                    }

                    changed = changed with { Model = model };
                    break;

                default:
                    return $"Unknown setting {argument.Name}. Nothing was changed.";
            }
        }

        await store.SaveAsync(guildId, changed, cancellationToken);
        return "Saved.\n" + Render(await store.GetAsync(guildId, cancellationToken));
    }

    private async Task<string> ChangeChannelAsync(Snowflake guildId, bool add, IReadOnlyList<InteractionDataOption> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Find(AiCommandList.SettingsChannel).AsSnowflake() is not { } channelId)
        {
            return "Pick a channel. Nothing was changed.";
        }

        var current = await store.GetOverridesAsync(guildId, cancellationToken);
        var channels = current.ChatChannels.ToHashSet();
        if (add ? !channels.Add(channelId) : !channels.Remove(channelId))
        {
            return add ? $"<#{channelId}> is already a chat channel." : $"<#{channelId}> is not a chat channel.";
        }

        if (channels.Count > MaxChatChannels)
        {
            return $"A server can have at most {MaxChatChannels} chat channels. Nothing was changed.";
        }

        await store.SaveAsync(guildId, current with { ChatChannelIds = [.. channels.Order()] }, cancellationToken);
        return add
            ? $"Cortex now answers every message in <#{channelId}>."
            : $"Cortex now answers only mentions and /ask in <#{channelId}>.";
    }

    private string Render(GuildAiSettings settings)
    {
        var d = defaults.Value;
        var text = new StringBuilder("AI settings for this server:\n");
        text.Append(CultureInfo.InvariantCulture,
            $"- Per member: {settings.UserCalls.MaxCalls:N0} requests per {settings.UserCalls.Window.TotalSeconds:0} s{Default(settings.UserCalls.MaxCalls == d.UserCallsPerWindow && settings.UserCalls.Window == d.UserWindow)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Daily quota: {settings.DailyTokens:N0} tokens per UTC day{Default(settings.DailyTokens == d.GuildDailyTokens)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Model: {settings.Model}{Default(settings.Model == d.Model)}\n");
        text.Append(settings.ChatChannels.Count == 0
            ? "- Chat channels: none (Cortex answers mentions and /ask)\n"
            : $"- Chat channels: {string.Join(", ", settings.ChatChannels.Order().Select(id => $"<#{id}>"))}\n");
        text.Append("Changes reach every AI worker within 30 s.");
        return text.ToString();
    }

    private static string Default(bool isDefault) => isDefault ? " (default)" : "";

    private static long? Integer(InteractionDataOption option) =>
        option.Value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var value) ? value : null;

    // gpt-4o-mini, gpt-4.1, gpt-5, o4-mini, o3... : what the tokenizer seam maps to an encoding.
    [GeneratedRegex(@"^(gpt-[0-9][a-z0-9.\-]*|o[0-9][a-z0-9.\-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();
}
