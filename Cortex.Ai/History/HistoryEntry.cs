using System.Text.Json.Serialization;

namespace Cortex.Ai.History;

/// <summary>
/// One message of a channel's recent history, stored with what it costs in the prompt so the
/// context builder never re-encodes history.
/// </summary>
/// <param name="MessageId">The Discord message id; with the serialised form fixed, a redelivered event adds nothing.</param>
/// <param name="Role"><c>user</c> or <c>assistant</c> (Cortex's own messages).</param>
/// <param name="Content">The text the model sees, speaker name included for user messages.</param>
/// <param name="Tokens">Chat-format tokens of this message (framing included) in <paramref name="Encoding"/>.</param>
/// <param name="Encoding">The BPE the count was made with; a guild that switches model gets recounted entries.</param>
public sealed record HistoryEntry(
    [property: JsonPropertyName("id")] ulong MessageId,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("tokens")] int Tokens,
    [property: JsonPropertyName("enc")] string Encoding,
    [property: JsonPropertyName("at")] long AtUnixMilliseconds);

[JsonSerializable(typeof(HistoryEntry))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
