using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest;

/// <summary>
/// The emulator's CDN: <c>GET /attachments/{channel.id}/{attachment.id}/{filename}</c> serves an uploaded
/// file with its content type, as <c>cdn.discordapp.com</c> does. No token: Discord's attachment URLs are
/// public (signed and expiring there; here they last until the world drops the file).
/// </summary>
internal static class AttachmentEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/attachments/{channelId}/{attachmentId}/{fileName}", (ulong channelId, ulong attachmentId, string fileName, DiscordState state) =>
            state.FindUpload(channelId, attachmentId, fileName) is { } file
                ? Results.Bytes(file.Content, file.ContentType)
                : Results.Text("404: Not Found", statusCode: StatusCodes.Status404NotFound))
            .WithTags("Discord CDN");
}
