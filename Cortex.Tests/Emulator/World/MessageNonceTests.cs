using System.Text.Json;

namespace Cortex.Tests.Emulator.World;

/// <summary>
/// Create Message's <c>nonce</c>, as Discord documents it: echoed in the response and in MESSAGE_CREATE
/// (string or integer, as sent), not kept on the stored message, at most 25 characters; with
/// <c>enforce_nonce</c> a repeat by the same author returns the first message and creates nothing.
/// </summary>
public sealed class MessageNonceTests : IAsyncLifetime
{
    private WorldHarness _h = null!;

    public async Task InitializeAsync() => _h = await WorldHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string Messages => $"api/v10/channels/{_h.World.GeneralChannelId}/messages";

    [Fact]
    public async Task The_nonce_appears_in_the_response_and_in_message_create_as_sent()
    {
        var (status, created) = await _h.SendAsync(HttpMethod.Post, Messages, """{"content":"with a nonce","nonce":"abc-123"}""");
        Assert.Equal(200, status);
        Assert.Equal("abc-123", created.GetProperty("nonce").GetString());
        var id = created.GetProperty("id").GetString();
        var dispatch = _h.Shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && WorldHarness.Field(d, "id") == id);
        Assert.Equal("abc-123", WorldHarness.Field(dispatch, "nonce"));

        var (_, numeric) = await _h.SendAsync(HttpMethod.Post, Messages, """{"content":"integer nonce","nonce":1234567890}""");
        var numericId = numeric.GetProperty("id").GetString();
        var numericDispatch = _h.Shard.WaitFor(d => d.EventName == "MESSAGE_CREATE" && WorldHarness.Field(d, "id") == numericId);
        using (var json = JsonDocument.Parse(numericDispatch.Data))
        {
            Assert.Equal(1234567890, json.RootElement.GetProperty("nonce").GetInt64());
        }

        // A fetched message carries no nonce.
        var (_, listed) = await _h.SendAsync(HttpMethod.Get, Messages + "?limit=5");
        Assert.All(listed.EnumerateArray(), m => Assert.False(m.TryGetProperty("nonce", out _)));
    }

    [Fact]
    public async Task Enforce_nonce_returns_the_first_message_instead_of_creating_a_second()
    {
        const string Body = """{"content":"only once","nonce":"retry-1","enforce_nonce":true}""";
        var (_, first) = await _h.SendAsync(HttpMethod.Post, Messages, Body);
        var (status, second) = await _h.SendAsync(HttpMethod.Post, Messages, Body);

        Assert.Equal(200, status);
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Single(_h.State.GetMessages(_h.World.GeneralChannelId, null), m => m.Content == "only once");

        // Without enforce_nonce the same nonce makes a new message.
        var (_, third) = await _h.SendAsync(HttpMethod.Post, Messages, """{"content":"only once","nonce":"retry-1"}""");
        Assert.NotEqual(first.GetProperty("id").GetString(), third.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_nonce_longer_than_25_characters_is_invalid_form_body()
    {
        var (status, body) = await _h.SendAsync(HttpMethod.Post, Messages, """{"content":"x","nonce":"12345678901234567890123456"}""");
        Assert.Equal(400, status);
        Assert.Equal(50035, body.GetProperty("code").GetInt32());
        Assert.True(body.GetProperty("errors").TryGetProperty("nonce", out _));
    }
}
