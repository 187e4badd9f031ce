using System.Net.Http.Json;
using System.Text.Json;
using static Cortex.Discord.Permissions.DiscordPermissions;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// Archiving, locking and unarchiving a thread with PATCH /channels/{id}, as Discord's threads page says: an
/// archived thread takes no change but unarchiving (50083); locking and unarchiving a locked thread take
/// Manage Threads (50013); a locked archived thread refuses a member's message; THREAD_UPDATE tells the bot.
/// </summary>
public sealed class ThreadArchiveTests : IAsyncLifetime
{
    private WorldHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorldHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_thread_archived_by_its_creator_refuses_changes_until_unarchived_and_tells_the_gateway()
    {
        var thread = await StartThreadAsync();
        var (archived, body) = await PatchAsync(thread, """{"archived":true}""");
        Assert.Equal(200, archived);
        Assert.True(body.GetProperty("thread_metadata").GetProperty("archived").GetBoolean());
        var update = _h.Shard.WaitFor(d => d.EventName == "THREAD_UPDATE" && WorldHarness.Field(d, "id") == thread.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var json = JsonDocument.Parse(update.Data))
        {
            Assert.True(json.RootElement.GetProperty("thread_metadata").GetProperty("archived").GetBoolean());
        }

        var (renamed, renameBody) = await PatchAsync(thread, """{"name":"renamed"}""");
        Assert.Equal((400, 50083), (renamed, renameBody.GetProperty("code").GetInt32()));
        var (joined, joinBody) = await _h.SendAsync(HttpMethod.Put, $"api/v10/channels/{thread}/thread-members/{_h.World.AdaId}");
        Assert.Equal((400, 50083), (joined, joinBody.GetProperty("code").GetInt32()));

        var (locked, lockBody) = await PatchAsync(thread, """{"archived":false,"locked":true}""");
        Assert.Equal((403, 50013), (locked, lockBody.GetProperty("code").GetInt32()));
        var (unarchived, open) = await PatchAsync(thread, """{"archived":false,"name":"renamed"}""");
        Assert.Equal(200, unarchived);
        Assert.False(open.GetProperty("thread_metadata").GetProperty("archived").GetBoolean());
        Assert.Equal("renamed", open.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_locked_archived_thread_refuses_a_members_message_and_only_manage_threads_reopens_it()
    {
        var thread = await StartThreadAsync();
        await _h.OverwriteAsync(_h.World.GeneralChannelId, _h.World.BotRoleId, type: 0, allow: (ulong)ManageThreads);
        var (closed, _) = await PatchAsync(thread, """{"archived":true,"locked":true}""");
        Assert.Equal(200, closed);

        // Ada, in the chat page: Discord's 50083, and nothing is posted.
        using var chat = await _h.Http.PostAsJsonAsync("chat/api/messages", new { channel_id = thread.ToString(System.Globalization.CultureInfo.InvariantCulture), user_id = _h.World.AdaId.ToString(), content = "let me in" });
        var problem = await chat.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((400, 50083), ((int)chat.StatusCode, problem.GetProperty("code").GetInt32()));
        Assert.DoesNotContain(_h.State.GetMessages(thread, null), m => m.Content == "let me in");

        var (removed, _) = await _h.SendAsync(HttpMethod.Delete, $"control/channels/{_h.World.GeneralChannelId}/permissions/{_h.World.BotRoleId}");
        Assert.Equal(200, removed);
        var (refused, refusal) = await PatchAsync(thread, """{"archived":false}""");
        Assert.Equal((403, 50013), (refused, refusal.GetProperty("code").GetInt32()));

        await _h.OverwriteAsync(_h.World.GeneralChannelId, _h.World.BotRoleId, type: 0, allow: (ulong)ManageThreads);
        var (reopened, open) = await PatchAsync(thread, """{"archived":false}""");
        Assert.Equal(200, reopened);
        Assert.Equal((false, true), (open.GetProperty("thread_metadata").GetProperty("archived").GetBoolean(), open.GetProperty("thread_metadata").GetProperty("locked").GetBoolean()));
    }

    private async Task<ulong> StartThreadAsync()
    {
        var (status, thread) = await _h.SendAsync(HttpMethod.Post, $"api/v10/channels/{_h.World.GeneralChannelId}/threads", """{"name":"topic","type":11}""");
        Assert.True(status == 201, $"{status}: {thread}");
        return ulong.Parse(thread.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<(int Status, JsonElement Body)> PatchAsync(ulong thread, string json) => _h.SendAsync(HttpMethod.Patch, $"api/v10/channels/{thread}", json);
}
