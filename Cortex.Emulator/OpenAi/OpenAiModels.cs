using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Emulator.OpenAi;

/// <summary>The subset of a chat completion request the emulator reads; unknown fields are ignored.</summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }
    public IReadOnlyList<ChatMessage>? Messages { get; init; }
    public int? MaxTokens { get; init; }
    public int? MaxCompletionTokens { get; init; }
    public ResponseFormat? ResponseFormat { get; init; }
    public bool? Stream { get; init; }
    public StreamOptions? StreamOptions { get; init; }
    public int? N { get; init; }
}

public sealed record ChatMessage
{
    public string? Role { get; init; }

    /// <summary>A string, or an array of content parts (<c>{"type":"text","text":"..."}</c>).</summary>
    public JsonElement Content { get; init; }

    public string? Name { get; init; }
}

public sealed record ResponseFormat
{
    public string? Type { get; init; }
}

public sealed record StreamOptions
{
    public bool? IncludeUsage { get; init; }
}

public sealed record ChatCompletion(
    string Id,
    [property: JsonPropertyName("object")] string Kind,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    Usage? Usage,
    string SystemFingerprint);

public sealed record ChatChoice(int Index, AssistantMessage Message, object? Logprobs, string FinishReason);

public sealed record AssistantMessage(string Role, string Content, string? Refusal);

public sealed record ChatCompletionChunk(
    string Id,
    [property: JsonPropertyName("object")] string Kind,
    long Created,
    string Model,
    IReadOnlyList<ChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Usage? Usage,
    string SystemFingerprint);

public sealed record ChunkChoice(
    int Index,
    ChunkDelta Delta,
    object? Logprobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

public sealed record ChunkDelta(string? Role, string? Content);

public sealed record Usage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    PromptTokensDetails PromptTokensDetails,
    CompletionTokensDetails CompletionTokensDetails);

public sealed record PromptTokensDetails(int CachedTokens);

public sealed record CompletionTokensDetails(int ReasoningTokens);

public sealed record ModerationRequest
{
    /// <summary>A string or an array of strings.</summary>
    public JsonElement Input { get; init; }

    public string? Model { get; init; }
}

public sealed record ModerationResponse(string Id, string Model, IReadOnlyList<ModerationResult> Results);

public sealed record ModerationResult(
    bool Flagged,
    IReadOnlyDictionary<string, bool> Categories,
    IReadOnlyDictionary<string, double> CategoryScores,
    IReadOnlyDictionary<string, IReadOnlyList<string>> CategoryAppliedInputTypes);

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record OpenAiErrorResponse(OpenAiError Error);

public sealed record OpenAiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);

/// <summary>Test control: latency and failures injected into the next calls.</summary>
public sealed record OpenAiFaultSettings
{
    /// <summary>Added to every call until changed.</summary>
    public int LatencyMilliseconds { get; init; }

    /// <summary>Status codes (429 or 500) answered, in order, by the next calls.</summary>
    public IReadOnlyList<int>? FailNext { get; init; }
}

public sealed record JsonVerdict(int Severity, string Category, string Reason);

public sealed record JsonFacts(IReadOnlyList<string> Facts);

public sealed record JsonReply(string Reply);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ModerationRequest))]
[JsonSerializable(typeof(ModerationResponse))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
[JsonSerializable(typeof(OpenAiFaultSettings))]
[JsonSerializable(typeof(JsonVerdict))]
[JsonSerializable(typeof(JsonFacts))]
[JsonSerializable(typeof(JsonReply))]
public sealed partial class OpenAiJsonContext : JsonSerializerContext;
