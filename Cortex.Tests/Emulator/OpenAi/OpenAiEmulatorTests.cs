using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cortex.Tests.Support;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Moderations;
using SharpToken;

namespace Cortex.Tests.Emulator.OpenAi;

/// <summary>The emulator's OpenAI endpoint, driven through the official OpenAI .NET SDK.</summary>
public sealed class OpenAiEmulatorTests(OpenAiEmulatorTests.Server server) : IClassFixture<OpenAiEmulatorTests.Server>
{
    public sealed class Server : IDisposable
    {
        public EmulatorServer Emulator { get; } = new();

        public void Dispose() => Emulator.Dispose();
    }

    private static readonly GptEncoding O200k = GptEncoding.GetEncoding("o200k_base");

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(server.Emulator.BaseAddress, "v1") };

    private ChatClient Chat(string key = EmulatorServer.OpenAiKey) => new("gpt-4o-mini", new ApiKeyCredential(key), Options);

    private ModerationClient Moderation() => new("omni-moderation-latest", new ApiKeyCredential(EmulatorServer.OpenAiKey), Options);

    [Fact]
    public async Task Chat_completion_is_deterministic_and_usage_is_counted_with_o200k()
    {
        ChatMessage[] messages = [new SystemChatMessage("You are Cortex."), new UserChatMessage("hello world")];

        ChatCompletion first = await Chat().CompleteChatAsync(messages);
        ChatCompletion second = await Chat().CompleteChatAsync(messages);

        var content = first.Content[0].Text;
        Assert.Equal("Emulated reply to \"hello world\".", content);
        Assert.Equal(content, second.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, first.Role);
        // OpenAI's formula: 3 per message + role + content, 3 priming the reply.
        var expectedPrompt = 3 + (3 + O200k.CountTokens("system") + O200k.CountTokens("You are Cortex."))
            + (3 + O200k.CountTokens("user") + O200k.CountTokens("hello world"));
        Assert.Equal(expectedPrompt, first.Usage.InputTokenCount);
        Assert.Equal(O200k.CountTokens(content), first.Usage.OutputTokenCount);
        Assert.Equal(first.Usage.InputTokenCount + first.Usage.OutputTokenCount, first.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task A_reply_marker_answers_exactly_that_text()
    {
        ChatCompletion completion = await Chat().CompleteChatAsync([new UserChatMessage("say it [[reply:Forty-two.]]")]);

        Assert.Equal("Forty-two.", completion.Content[0].Text);
    }

    [Fact]
    public async Task Max_tokens_truncates_and_reports_length()
    {
        ChatCompletion completion = await Chat().CompleteChatAsync(
            [new UserChatMessage("a fairly long message that makes a long reply")],
            new ChatCompletionOptions { MaxOutputTokenCount = 3 });

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
    }

    [Theory]
    [InlineData("you idiot", 1, "harassment")]
    [InlineData("the weather is nice", 0, "none")]
    [InlineData("I will kill you", 4, "violence")]
    [InlineData("whatever [[severity=3]]", 3, "harassment")]
    public async Task Json_mode_moderation_verdict_follows_the_word_list(string message, int severity, string category)
    {
        ChatCompletion completion = await Chat().CompleteChatAsync(
            [
                new SystemChatMessage("You are a moderation agent. Respond ONLY with JSON: {severity:0-4, category:string, reason:string}"),
                new UserChatMessage("FLAGGED: " + message),
            ],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        using var verdict = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(severity, verdict.RootElement.GetProperty("severity").GetInt32());
        if (severity != 3)
        {
            Assert.Equal(category, verdict.RootElement.GetProperty("category").GetString());
        }

        Assert.False(string.IsNullOrEmpty(verdict.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Json_mode_fact_extraction_returns_first_person_statements()
    {
        ChatCompletion completion = await Chat().CompleteChatAsync(
            [
                new SystemChatMessage("Extract personal facts from the user's message. Return JSON {\"facts\":[...]}."),
                new UserChatMessage("I love cats. The sky is blue. My name is Ada."),
            ],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        using var facts = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(["I love cats", "My name is Ada"], facts.RootElement.GetProperty("facts").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Json_mode_without_the_word_json_is_rejected_like_openai()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Chat().CompleteChatAsync(
            [new UserChatMessage("hi")],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() }));

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Streaming_delivers_the_same_answer_and_usage()
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in Chat().CompleteChatStreamingAsync([new UserChatMessage("stream me")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.Equal("Emulated reply to \"stream me\".", text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(O200k.CountTokens(text.ToString()), usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_wrong_key_gets_401()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Chat("wrong-key").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Moderation_scores_reach_every_pipeline_stage()
    {
        ModerationResultCollection results = await Moderation().ClassifyTextAsync(
            ["I will kill you", "you idiot", "lovely weather", "borderline [[mod:hate=0.71]]"]);

        var clear = results[0];
        Assert.True(clear.Flagged);
        Assert.True(clear.Violence.Flagged);
        Assert.True(clear.Violence.Score > 0.9);

        var ambiguous = results[1];
        Assert.False(ambiguous.Flagged);
        Assert.InRange(ambiguous.Harassment.Score, 0.30, 0.59);

        var clean = results[2];
        Assert.False(clean.Flagged);
        Assert.True(new[] { clean.Hate.Score, clean.Harassment.Score, clean.Violence.Score, clean.Sexual.Score, clean.SelfHarm.Score }.All(s => s < 0.3));

        Assert.Equal(0.71, results[3].Hate.Score, 3);
    }

    [Fact]
    public async Task Moderation_uses_the_api_category_names()
    {
        using var http = server.Emulator.CreateSocketClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorServer.OpenAiKey);

        using var response = await http.PostAsJsonAsync("v1/moderations", new { input = "kill myself", model = "omni-moderation-latest" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scores = body.RootElement.GetProperty("results")[0].GetProperty("category_scores");
        Assert.Equal(Cortex.Emulator.OpenAi.ModerationWordList.Categories.Order(), scores.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(scores.GetProperty("self-harm/intent").GetDouble() > 0.9);
    }
}
