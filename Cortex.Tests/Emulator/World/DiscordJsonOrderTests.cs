using System.Text.Json;
using Cortex.Emulator.World;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// The emulator writes a guild MESSAGE_CREATE's fields in the order Discord's gateway sends them (as captured from it), so
/// readers and benchmarks that walk fields meet Discord's order, where the ids come after the member and the author.
/// </summary>
public sealed class DiscordJsonOrderTests
{
    [Fact]
    public void A_guild_message_and_its_member_and_author_come_in_discords_order()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var author = new WorldUser(53908099506183680, "mason", "Mason", Bot: false);
        var member = new WorldMember(290926798626357250, author.Id, "m", [41771983423143936], at);
        var message = new WorldMessage(334385199974967042, 290926798999357250, 290926798626357250, author.Id, "hi", at);

        using var json = JsonDocument.Parse(DiscordJson.ToBytes(w => DiscordJson.WriteMessage(w, message, author, member)));
        var root = json.RootElement;

        Assert.Equal(
            ["type", "tts", "timestamp", "referenced_message", "pinned", "mentions", "mention_roles", "mention_everyone", "member", "id",
             "flags", "embeds", "edited_timestamp", "content", "components", "channel_id", "author", "attachments", "guild_id"],
            Names(root));
        Assert.Equal(
            ["roles", "premium_since", "pending", "nick", "mute", "joined_at", "flags", "deaf", "communication_disabled_until", "avatar"],
            Names(root.GetProperty("member")));
        Assert.Equal(["username", "public_flags", "id", "global_name", "discriminator", "avatar_decoration_data", "avatar"], Names(root.GetProperty("author")));
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
