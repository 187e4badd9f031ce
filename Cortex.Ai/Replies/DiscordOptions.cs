using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.Replies;

/// <summary><c>Discord:Token</c> and <c>Discord:RestBaseAddress</c> (the emulator's <c>/api/v10/</c> locally).</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    [Required(ErrorMessage = "Discord:Token is required (the AppHost passes the emulator's token when no real token is set).")]
    public string Token { get; set; } = "";

    public Uri RestBaseAddress { get; set; } = Cortex.Discord.DiscordDefaults.RestBaseAddress;

    /// <summary>The bot's user id; when unset it is read once from <c>GET users/@me</c>.</summary>
    public ulong? BotUserId { get; set; }

    /// <summary>The application id for command registration; when unset it is read from <c>GET oauth2/applications/@me</c>.</summary>
    public ulong? ApplicationId { get; set; }
}
