using System.Text.RegularExpressions;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// What Discord itself refuses when these things are made (discord-api-docs: Users "Usernames",
/// Channels "Channel Types", Roles "color"), refused the same way here, as 50035 with the field.
/// </summary>
internal static partial class ControlRules
{
    /// <summary>GUILD_TEXT, GUILD_VOICE, GUILD_CATEGORY, GUILD_ANNOUNCEMENT, GUILD_STAGE_VOICE, GUILD_FORUM, GUILD_MEDIA.</summary>
    private static readonly int[] GuildChannelTypes = [0, 2, 4, 5, 13, 15, 16];

    public static void User(CreateUserRequest request)
    {
        if (request.Username is not { Length: >= 2 and <= 32 } name || !UsernameCharacters().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
        {
            throw RestException.InvalidFormBody("username: Must be 2 to 32 characters: lowercase letters, digits, _ and . (no two periods in a row).");
        }

        Length("global_name", request.GlobalName, 1, 32, required: false);
    }

    public static void Guild(CreateGuildRequest request) => Length("name", request.Name, 2, 100, required: true);

    public static void Channel(CreateChannelRequest request)
    {
        Length("name", request.Name, 1, 100, required: true);
        if (request.Type is { } type && !GuildChannelTypes.Contains(type))
        {
            throw RestException.InvalidFormBody($"type: Value must be one of ({string.Join(", ", GuildChannelTypes)}).");
        }
    }

    public static void Role(CreateRoleRequest request)
    {
        Length("name", request.Name, 1, 100, required: true);
        if (request.Color is < 0 or > 0xFFFFFF)
        {
            throw RestException.InvalidFormBody("color: Int value should be between 0 and 16777215.");
        }
    }

    public static void Message(CreateMessageRequest request) => Length("content", request.Content, 1, 2000, required: true);

    private static void Length(string field, string? value, int min, int max, bool required)
    {
        if ((value is null && required) || (value is not null && (value.Length < min || value.Length > max || value.Any(char.IsControl))))
        {
            throw RestException.InvalidFormBody($"{field}: Must be between {min} and {max} in length, without control characters.");
        }
    }

    [GeneratedRegex("^[a-z0-9_.]+$")]
    private static partial Regex UsernameCharacters();
}
