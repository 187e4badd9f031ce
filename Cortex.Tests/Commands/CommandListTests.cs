using System.Text.Json;
using System.Text.RegularExpressions;
using Cortex.Commands;
using Cortex.Discord.Models;

namespace Cortex.Tests.Commands;

/// <summary>
/// The declarative command list is what the gateway bulk-overwrites: Discord rejects the whole
/// overwrite when one command breaks its rules, so every rule it checks is checked here first.
/// </summary>
public sealed partial class CommandListTests
{
    [GeneratedRegex(@"^[-_\p{Ll}\p{N}]{1,32}$")]
    private static partial Regex DiscordName();

    private static JsonElement Serialized(string name)
    {
        var command = CortexCommands.All.Single(command => command.Name == name).ToApplicationCommand();
        return JsonDocument.Parse(JsonSerializer.Serialize(command, DiscordJsonContext.Default.ApplicationCommand)).RootElement;
    }

    [Fact]
    public void Names_are_unique_across_every_service()
    {
        var names = CortexCommands.All.Select(command => command.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.InRange(names.Count, 1, 100); // Discord allows 100 chat-input commands per scope.
    }

    [Fact]
    public void Names_and_descriptions_follow_discords_rules_at_every_level()
    {
        static void Check(string name, string description, IReadOnlyList<ApplicationCommandOption>? options)
        {
            Assert.Matches(DiscordName(), name);
            Assert.InRange(description.Length, 1, 100);
            Assert.InRange(options?.Count ?? 0, 0, 25);
            var required = true;
            foreach (var option in options ?? [])
            {
                // Required options must come before optional ones.
                Assert.False(option.Required == true && !required, $"{name}: required option {option.Name} after an optional one");
                required = option.Required == true || option.Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup;
                Check(option.Name, option.Description, option.Options);
            }
        }

        foreach (var command in CortexCommands.All)
        {
            Check(command.Name, command.Description, command.Options);
        }
    }

    [Fact]
    public void Each_service_routes_only_its_own_commands()
    {
        Assert.True(EconomyCommandList.Handles(EconomyCommandList.Pay));
        Assert.False(EconomyCommandList.Handles(AiCommandList.Ask));
        Assert.True(AiCommandList.Handles(AiCommandList.Memory));
        Assert.False(AiCommandList.Handles(EconomyCommandList.Balance));
        Assert.False(AiCommandList.Handles(null));
    }

    [Fact]
    public void Economy_admin_needs_manage_guild_and_amounts_are_bounded_integers()
    {
        Assert.Equal("32", Serialized(EconomyCommandList.Admin).GetProperty("default_member_permissions").GetString());

        var amount = Serialized(EconomyCommandList.Pay).GetProperty("options")[1];
        Assert.Equal(4, amount.GetProperty("type").GetInt32());
        Assert.Equal(1, amount.GetProperty("min_value").GetInt64());
        Assert.Equal(EconomyCommandList.MaxAmount, amount.GetProperty("max_value").GetInt64());
        Assert.True(amount.GetProperty("required").GetBoolean());
    }
}
