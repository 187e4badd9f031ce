namespace Cortex.Ai.Tokens;

/// <summary>
/// What a chat message costs in the prompt, not just its text: the chat format wraps each message
/// as <c>&lt;|start|&gt;{role}&lt;|message|&gt;{content}&lt;|end|&gt;</c> and primes the reply with
/// <c>&lt;|start|&gt;assistant&lt;|message|&gt;</c>. Counts match <c>usage.prompt_tokens</c> for gpt-4o-mini.
/// </summary>
public static class ChatTokens
{
    /// <summary>Framing tokens around each message (start, message separator, end).</summary>
    public const int PerMessage = 3;

    /// <summary>Tokens that prime the assistant's reply, added once per request.</summary>
    public const int ReplyPrimer = 3;

    public static int Message(ITokenizer tokenizer, string role, string content) =>
        PerMessage + tokenizer.CountTokens(role) + tokenizer.CountTokens(content);
}
