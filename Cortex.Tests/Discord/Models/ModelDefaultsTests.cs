using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Models;

namespace Cortex.Tests.Discord.Models;

/// <summary>Absent keys give Discord's defaults; writing sends only what was set; unknown enum values survive.</summary>
public sealed class ModelDefaultsTests
{
    private static readonly DiscordJsonContext Json = DiscordJsonContext.Default;

    [Fact]
    public void Absent_lists_and_strings_come_back_as_discords_defaults_not_null()
    {
        var guild = JsonSerializer.Deserialize("""{"id":"1","name":"g"}""", Json.Guild)!;
        var message = JsonSerializer.Deserialize("""{"id":"1","channel_id":"2","author":{"id":"3","username":"u"}}""", Json.Message)!;
        var member = JsonSerializer.Deserialize("""{"user":{"id":"3","username":"u"},"roles":null}""", Json.GuildMember)!;

        Assert.Empty(guild.Roles);
        Assert.Equal("", message.Content);
        Assert.Empty(message.Mentions);
        Assert.Empty(message.MentionRoles);
        Assert.Empty(message.Embeds);
        Assert.Empty(message.Attachments);
        Assert.Equal("0", message.Author.Discriminator);
        Assert.Empty(member.Roles);
    }

    [Fact]
    public void A_component_interaction_has_no_command_name_rather_than_an_invented_one()
    {
        var data = JsonSerializer.Deserialize("""{"custom_id":"buy:1","component_type":2}""", Json.InteractionData)!;

        Assert.Null(data.Name);
        Assert.False(JsonNode.Parse(JsonSerializer.Serialize(data, Json.InteractionData))!.AsObject().ContainsKey("name"));
    }

    [Fact]
    public void Writing_a_partial_object_invents_no_owner_flags_version_timestamp_or_invoker()
    {
        var user = new User { Id = 3, Username = "u" };
        var guild = Written(new Guild { Id = 1, Name = "g" }, Json.Guild);
        var message = Written(new Message { Id = 1, ChannelId = 2, Author = user }, Json.Message);
        var interaction = Written(new Interaction { Id = 1, Type = InteractionType.Ping, Token = "t", User = user }, Json.Interaction);

        Assert.False(guild.ContainsKey("owner_id"));
        Assert.False(message.ContainsKey("timestamp"));
        Assert.False(message.ContainsKey("flags"));
        Assert.False(interaction.ContainsKey("version"));
        Assert.False(interaction.ContainsKey("application_id"));
        Assert.False(interaction.ContainsKey("invoker"));
    }

    [Fact]
    public void Enum_values_discord_adds_later_are_kept_as_their_numbers()
    {
        var channel = JsonSerializer.Deserialize("""{"id":"1","type":99}""", Json.Channel)!;
        var component = JsonSerializer.Deserialize("""{"type":77,"custom_id":"x"}""", Json.MessageComponent)!;
        var message = JsonSerializer.Deserialize("""{"id":"1","channel_id":"2","author":{"id":"3","username":"u"},"type":555}""", Json.Message)!;

        Assert.Equal(99, (int)channel.Type);
        Assert.Equal(77, (int)component.Type);
        Assert.Equal(555, (int)message.Type);
        Assert.Equal(99, Written(channel, Json.Channel)["type"]!.GetValue<int>());
        Assert.Equal(77, Written(component, Json.MessageComponent)["type"]!.GetValue<int>());
    }

    [Fact]
    public void User_and_message_commands_parse_without_a_description()
    {
        var command = JsonSerializer.Deserialize("""{"name":"View Stats","type":2}""", Json.ApplicationCommand)!;

        Assert.Equal(ApplicationCommandType.User, command.Type);
        Assert.Null(command.Description);
    }

    private static JsonObject Written<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonNode.Parse(JsonSerializer.Serialize(value, typeInfo))!.AsObject();
}
