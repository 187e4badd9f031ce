namespace Cortex.Discord.Models;

/// <summary>POST /channels/{channel.id}/messages/bulk-delete: 2 to 100 ids, none older than 14 days.</summary>
public sealed record BulkDeleteMessagesRequest(IReadOnlyList<Snowflake> Messages);

/// <summary>POST /users/@me/channels: opens (or returns) the DM with a user.</summary>
public sealed record CreateDmRequest(Snowflake RecipientId);
