using System.Net;
using System.Text;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>Multipart <c>files[n]</c> + <c>payload_json</c>: the client's <see cref="FileUpload"/> and the emulator's parsing, limits and CDN.</summary>
public sealed class UploadRouteTests(RouteServer server) : IClassFixture<RouteServer>
{
    private readonly DiscordRestClient _client = server.Client;

    [Fact]
    public async Task Files_become_attachments_whose_urls_serve_the_bytes()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var report = Encoding.UTF8.GetBytes("balance,100\n");

        var message = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest(),
            [new FileUpload("report.csv", report, "text/csv") { Description = "Balances" }, new FileUpload("my picture.png", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png")]);
        using var http = new HttpClient();
        var served = await http.GetAsync(message.Attachments[0].Url);

        Assert.Equal(["report.csv", "my_picture.png"], message.Attachments.Select(a => a.Filename));
        Assert.Equal(("Balances", report.Length, "text/csv"), (message.Attachments[0].Description, message.Attachments[0].Size, message.Attachments[0].ContentType));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(report, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", served.Content.Headers.ContentType!.MediaType);
        Assert.True(server.Dispatched("MESSAGE_CREATE", d => d.Contains("report.csv", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_edit_keeps_the_listed_attachments_and_appends_new_files()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var first = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest { Content = "two files" },
            [new FileUpload("a.txt", "a"u8.ToArray(), "text/plain"), new FileUpload("b.txt", "b"u8.ToArray(), "text/plain")]);

        var edited = await _client.EditMessageAsync(seed.GeneralChannelId, first.Id,
            new EditMessageRequest { Attachments = [new Attachment { Id = first.Attachments[0].Id }] }, [new FileUpload("c.txt", "c"u8.ToArray(), "text/plain")]);

        Assert.Equal(["a.txt", "c.txt"], edited.Attachments.Select(a => a.Filename));
        Assert.Equal(first.Attachments[0].Id, edited.Attachments[0].Id);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_40005_and_nothing_is_posted()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var before = server.World.GetMessages(seed.CommandsChannelId).Count;

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateMessageAsync(seed.CommandsChannelId,
            new CreateMessageRequest { Content = "big" }, [new FileUpload("big.bin", new byte[65537])]));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, 40005), (error.Status, error.Code));
        Assert.Equal(before, server.World.GetMessages(seed.CommandsChannelId).Count);
    }

    [Theory]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"files[0]\"\r\n\r\nno filename\r\n--x--\r\n", 50035)]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{not json\r\n--x--\r\n", 50109)]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"content\":\"x\",\"attachments\":[{\"id\":3}]}\r\n--x--\r\n", 50035)]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\r\nhalf a part", 50035)]
    public async Task A_malformed_multipart_body_is_refused_in_discords_words(string body, int code)
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        using var http = server.Emulator.CreateSocketClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v10/channels/{seed.CommandsChannelId}/messages")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        request.Headers.Authorization = new("Bot", EmulatorServer.BotToken);

        using var response = await http.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, json.RootElement.GetProperty("code").GetInt32());
    }
}
