using Cortex.Ai.Context;

namespace Cortex.Ai.Llm;

/// <summary>The chat model, behind retries and a circuit breaker.</summary>
public interface IChatModel
{
    /// <exception cref="ModelUnavailableException">The model did not answer (after retries) or the circuit is open.</exception>
    Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken);
}

/// <summary>The moderation endpoint, used before a fact is remembered.</summary>
public interface IModerationModel
{
    /// <exception cref="ModelUnavailableException">Moderation could not be asked.</exception>
    Task<bool> IsFlaggedAsync(string text, CancellationToken cancellationToken);
}

/// <param name="JsonMode">Ask for a JSON object (<c>response_format: json_object</c>).</param>
public sealed record ModelRequest(string Model, IReadOnlyList<ChatTurn> Messages, int MaxReplyTokens, bool JsonMode = false);

/// <param name="TotalTokens"><c>usage.total_tokens</c>: what the quota is reconciled to.</param>
public sealed record ModelReply(string Content, int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>The model cannot be reached now; <see cref="RetryAfter"/> is a hint for the user, when known.</summary>
public sealed class ModelUnavailableException : Exception
{
    public ModelUnavailableException()
    {
    }

    public ModelUnavailableException(string message) : base(message)
    {
    }

    public ModelUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ModelUnavailableException(string message, TimeSpan? retryAfter, Exception? innerException) : base(message, innerException) => RetryAfter = retryAfter;

    public TimeSpan? RetryAfter { get; }
}
