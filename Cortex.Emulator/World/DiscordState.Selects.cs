using Cortex.Discord.Models;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Select menus: a string select (type 3) offers 1 to 25 options; user, role, mentionable and channel
/// selects (5–8) offer the guild's own. A row holds one select and nothing else, as on Discord. Choosing
/// values sends a MESSAGE_COMPONENT interaction with <c>values</c> (and <c>resolved</c> for the id kinds).
/// </summary>
public sealed partial class DiscordState
{
    private static bool IsSelect(ComponentType type) =>
        type is ComponentType.StringSelect or ComponentType.UserSelect or ComponentType.RoleSelect or ComponentType.MentionableSelect or ComponentType.ChannelSelect;

    private static void ValidateSelectRow(MessageComponent row)
    {
        var selects = row.Components!.Where(c => IsSelect(c.Type)).ToList();
        if (selects.Count == 0)
        {
            return;
        }

        var select = selects[0];
        if (row.Components!.Count != 1 || string.IsNullOrEmpty(select.CustomId) || select.CustomId.Length > 100
            || (select.Type == ComponentType.StringSelect && select.Options is not { Count: > 0 and <= 25 })
            || select.MinValues is < 0 or > 25 || select.MaxValues is < 1 or > 25 || select.MinValues > (select.MaxValues ?? 1))
        {
            throw RestException.InvalidFormBody("components: A select menu fills its row alone, with a custom_id, 1 to 25 options (string select) and 0 ≤ min_values ≤ max_values ≤ 25.");
        }
    }

    /// <summary>A user picks <paramref name="values"/> in a select menu of a message.</summary>
    public Interaction CreateSelectInteraction(Snowflake channelId, Snowflake messageId, Snowflake userId, string customId, IReadOnlyList<string> values, bool toGateway = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            var user = RequireUser(userId);
            if (!_messages.TryGetValue(messageId, out var stored) || stored.Message.ChannelId != channelId || (stored.VisibleTo is { } only && only != userId))
            {
                throw RestException.UnknownMessage();
            }

            var select = (stored.Message.Components ?? []).SelectMany(row => row.Components ?? []).FirstOrDefault(c => c.CustomId == customId && IsSelect(c.Type))
                ?? throw RestException.InvalidFormBody($"custom_id: The message has no select menu \"{customId}\"");
            if (select.Disabled == true)
            {
                throw RestException.InvalidFormBody($"custom_id: The select menu \"{customId}\" is disabled");
            }

            if (values.Count < (select.MinValues ?? 1) || values.Count > (select.MaxValues ?? 1) || values.Distinct().Count() != values.Count)
            {
                throw RestException.InvalidFormBody($"values: Choose between {select.MinValues ?? 1} and {select.MaxValues ?? 1} different values.");
            }

            var data = new InteractionData { CustomId = customId, ComponentType = select.Type, Values = values, Resolved = ResolveSelectLocked(select, channel.GuildId, values) };
            return AddInteractionLocked(InteractionType.MessageComponent, channel, user, data, stored, toGateway);
        }
    }

    private ResolvedData? ResolveSelectLocked(MessageComponent select, Snowflake? guildId, IReadOnlyList<string> values)
    {
        if (select.Type == ComponentType.StringSelect)
        {
            return values.All(v => select.Options!.Any(o => o.Value == v)) ? null : throw RestException.InvalidFormBody("values: Not an option of the select menu.");
        }

        var users = new Dictionary<string, User>();
        var members = new Dictionary<string, GuildMember>();
        var roles = new Dictionary<string, Role>();
        var channels = new Dictionary<string, Channel>();
        foreach (var value in values)
        {
            var id = Snowflake.TryParse(value, out var parsed) ? parsed.Value : 0;
            var kind = select.Type;
            if (kind is ComponentType.UserSelect or ComponentType.MentionableSelect && guildId is { } g && _members.TryGetValue((g, id), out var member))
            {
                users[value] = _users[id];
                members[value] = MemberModel(member, includeUser: false);
            }
            else if (kind is ComponentType.RoleSelect or ComponentType.MentionableSelect && guildId is { } rg && _guilds[rg].Roles.FirstOrDefault(r => r.Id == id) is { } role)
            {
                roles[value] = role;
            }
            else if (kind == ComponentType.ChannelSelect && _channels.TryGetValue(id, out var found) && found.GuildId == guildId)
            {
                channels[value] = new Channel { Id = found.Id, Type = found.Type, Name = found.Name, ParentId = found.ParentId, Permissions = "0" };
            }
            else
            {
                throw RestException.InvalidFormBody($"values: {value} is not a choice of this {kind} menu.");
            }
        }

        return new ResolvedData
        {
            Users = users.Count > 0 ? users : null,
            Members = members.Count > 0 ? members : null,
            Roles = roles.Count > 0 ? roles : null,
            Channels = channels.Count > 0 ? channels : null,
        };
    }
}
