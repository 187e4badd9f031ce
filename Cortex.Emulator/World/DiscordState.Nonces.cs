using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// The <c>nonce</c> of Create Message, as Discord documents it: an integer or a string of at most 25
/// characters, echoed in the response and in MESSAGE_CREATE; with <c>enforce_nonce</c> a second message
/// by the same author with the same nonce within a few minutes returns the first and creates nothing.
/// </summary>
public sealed partial class DiscordState
{
    /// <summary>How long an enforced nonce is remembered ("the past few minutes").</summary>
    public static readonly TimeSpan NonceWindow = TimeSpan.FromMinutes(5);

    private const int MaxNonceLength = 25;

    private readonly Dictionary<(Snowflake Author, string Nonce), (Snowflake MessageId, DateTimeOffset At)> _nonces = [];

    private static JsonElement? ValidNonce(JsonElement? nonce)
    {
        switch (nonce)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } text when text.GetString()!.Length > MaxNonceLength:
                throw RestException.InvalidFormBody($"nonce: Must be {MaxNonceLength} or fewer in length.");
            case { ValueKind: JsonValueKind.String }:
                return nonce;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out _):
                return nonce;
            default:
                throw RestException.InvalidFormBody("nonce: Must be an integer or a string.");
        }
    }

    /// <summary>With <c>enforce_nonce</c>: the author's message created with the same nonce within <see cref="NonceWindow"/>, if it still exists.</summary>
    private Message? EnforcedNonceMessage(Snowflake authorId, CreateMessageRequest request)
    {
        if (request.EnforceNonce != true || ValidNonce(request.Nonce) is not { } nonce)
        {
            return null;
        }

        var key = (authorId, nonce.GetRawText());
        if (_nonces.TryGetValue(key, out var earlier) && _time.GetUtcNow() - earlier.At < NonceWindow
            && _messages.TryGetValue(earlier.MessageId, out var stored))
        {
            return stored.Message with { Nonce = nonce };
        }

        return null;
    }

    private void RememberNonce(Message message, CreateMessageRequest request)
    {
        if (message.Nonce is not { } nonce)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var stale in _nonces.Where(n => now - n.Value.At >= NonceWindow).Select(n => n.Key).ToList())
        {
            _nonces.Remove(stale);
        }

        if (request.EnforceNonce == true)
        {
            _nonces[(message.Author.Id, nonce.GetRawText())] = (message.Id, now);
        }
    }
}
