using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cortex.Emulator.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/moderations</c>, shaped like OpenAI's so the
/// official SDK can be pointed at the emulator.
/// </summary>
public static class OpenAiEndpoints
{
    private const string Fingerprint = "fp_cortex_emulator";

    public static async Task ChatCompletionsAsync(HttpContext http, OpenAiTokenizer tokenizer, TimeProvider time)
    {
        var request = await ReadAsync(http, OpenAiJsonContext.Default.ChatCompletionRequest);
        if (request is null)
        {
            await OpenAiErrors.BadRequest("We could not parse the JSON body of your request.").ExecuteAsync(http);
            return;
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            await OpenAiErrors.BadRequest("you must provide a model parameter", "model").ExecuteAsync(http);
            return;
        }

        if (request.Messages is not { Count: > 0 } rawMessages)
        {
            await OpenAiErrors.BadRequest("'messages' must contain at least one message.", "messages").ExecuteAsync(http);
            return;
        }

        var messages = new List<(string Role, string Content, string? Name)>(rawMessages.Count);
        foreach (var message in rawMessages)
        {
            if (message.Role is not ("system" or "developer" or "user" or "assistant" or "tool"))
            {
                await OpenAiErrors.BadRequest($"Invalid role '{message.Role}'.", "messages").ExecuteAsync(http);
                return;
            }

            messages.Add((message.Role, TextOf(message.Content), message.Name));
        }

        var jsonMode = request.ResponseFormat?.Type is "json_object" or "json_schema";
        if (request.ResponseFormat?.Type == "json_object"
            && !messages.Any(message => message.Content.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            // OpenAI refuses JSON mode unless the prompt asks for JSON; so does the emulator.
            await OpenAiErrors.BadRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages").ExecuteAsync(http);
            return;
        }

        var answer = ChatResponder.Answer(messages, jsonMode);
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        var truncated = false;
        if (maxTokens is int limit)
        {
            (answer, truncated) = tokenizer.Truncate(answer, Math.Max(limit, 1));
        }

        var promptTokens = tokenizer.CountPrompt(messages);
        var completionTokens = tokenizer.Count(answer);
        var usage = new Usage(promptTokens, completionTokens, promptTokens + completionTokens, new PromptTokensDetails(0), new CompletionTokensDetails(0));
        var id = "chatcmpl-" + StableId(request.Model + "\n" + string.Join("\n", messages.Select(m => m.Role + ":" + m.Content)));
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var finishReason = truncated ? "length" : "stop";

        if (request.Stream == true)
        {
            await StreamAsync(http, tokenizer, id, created, request.Model, answer, finishReason,
                request.StreamOptions?.IncludeUsage == true ? usage : null);
            return;
        }

        var choices = Enumerable.Range(0, Math.Clamp(request.N ?? 1, 1, 8))
            .Select(index => new ChatChoice(index, new AssistantMessage("assistant", answer, null), null, finishReason))
            .ToList();
        await TypedResults.Json(new ChatCompletion(id, "chat.completion", created, request.Model, choices, usage, Fingerprint),
            OpenAiJsonContext.Default.ChatCompletion).ExecuteAsync(http);
    }

    public static async Task ModerationsAsync(HttpContext http) => await (await ModerateAsync(http)).ExecuteAsync(http);

    private static async Task<IResult> ModerateAsync(HttpContext http)
    {
        var request = await ReadAsync(http, OpenAiJsonContext.Default.ModerationRequest);
        if (request is null)
        {
            return OpenAiErrors.BadRequest("We could not parse the JSON body of your request.");
        }

        List<string> inputs;
        switch (request.Input.ValueKind)
        {
            case JsonValueKind.String:
                inputs = [request.Input.GetString()!];
                break;
            case JsonValueKind.Array when request.Input.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String):
                inputs = [.. request.Input.EnumerateArray().Select(item => item.GetString()!)];
                break;
            case JsonValueKind.Array:
                inputs = [.. request.Input.EnumerateArray()
                    .Where(part => part.TryGetProperty("type", out var type) && type.GetString() == "text")
                    .Select(part => part.GetProperty("text").GetString() ?? "")];
                break;
            default:
                return OpenAiErrors.BadRequest("'input' must be a string or an array of strings.", "input");
        }

        var results = inputs.Select(input =>
        {
            var scores = ModerationWordList.Score(input);
            var categories = scores.ToDictionary(pair => pair.Key, pair => pair.Value >= ModerationWordList.FlagAt, StringComparer.Ordinal);
            var applied = scores.Keys.ToDictionary(key => key, IReadOnlyList<string> (_) => ["text"], StringComparer.Ordinal);
            return new ModerationResult(categories.Values.Any(flag => flag), categories, scores, applied);
        }).ToList();

        var model = request.Model ?? "omni-moderation-latest";
        return TypedResults.Json(new ModerationResponse("modr-" + StableId(string.Join("\n", inputs)), model, results),
            OpenAiJsonContext.Default.ModerationResponse);
    }

    public static async Task<IResult> SetFaultsAsync(HttpContext http, OpenAiFaults faults)
    {
        var settings = await ReadAsync(http, OpenAiJsonContext.Default.OpenAiFaultSettings);
        if (settings is null || settings.LatencyMilliseconds < 0 || (settings.FailNext ?? []).Any(status => status is < 400 or > 599))
        {
            return TypedResults.Problem("Expected {\"latency_milliseconds\": n >= 0, \"fail_next\": [4xx or 5xx status, ...]}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        faults.Apply(settings);
        return TypedResults.NoContent();
    }

    private static async Task StreamAsync(HttpContext http, OpenAiTokenizer tokenizer, string id, long created, string model,
        string answer, string finishReason, Usage? usage)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        async Task SendAsync(ChatCompletionChunk chunk)
        {
            var json = JsonSerializer.Serialize(chunk, OpenAiJsonContext.Default.ChatCompletionChunk);
            await http.Response.WriteAsync("data: " + json + "\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }

        ChatCompletionChunk Chunk(ChunkDelta delta, string? finish) =>
            new(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, delta, null, finish)], null, Fingerprint);

        await SendAsync(Chunk(new ChunkDelta("assistant", ""), null));
        foreach (var piece in tokenizer.Pieces(answer))
        {
            await SendAsync(Chunk(new ChunkDelta(null, piece), null));
        }

        await SendAsync(Chunk(new ChunkDelta(null, null), finishReason));
        if (usage is not null)
        {
            await SendAsync(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [], usage, Fingerprint));
        }

        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString())),
        _ => "",
    };

    private static string StableId(string seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..24];
}
