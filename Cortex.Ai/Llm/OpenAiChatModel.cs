using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using Cortex.Ai.Context;
using Cortex.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Moderations;

namespace Cortex.Ai.Llm;

/// <summary>The official OpenAI SDK against OpenAI or any compatible endpoint (the emulator).</summary>
public sealed class OpenAiChatModel(IOptions<OpenAiOptions> options, ModelResilience resilience, AiMetrics metrics, TimeProvider time)
    : IChatModel, IModerationModel
{
    // Keyed by model name, which a guild chooses: bounded, and a dropped client is cheap to make again.
    private static readonly TimeSpan KeepClient = TimeSpan.FromHours(1);
    private readonly BoundedCache<string, ChatClient> _chatClients = new(64, time);
    private ModerationClient? _moderationClient;

    public async Task<ModelReply> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var client = ChatClientFor(request.Model);
        var messages = request.Messages.Select(ToMessage).ToList();
        var completionOptions = new ChatCompletionOptions { MaxOutputTokenCount = request.MaxReplyTokens };
        if (request.JsonMode)
        {
            completionOptions.ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat();
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            ChatCompletion completion = await resilience.ExecuteAsync(
                async token => (ChatCompletion)await client.CompleteChatAsync(messages, completionOptions, token),
                time,
                cancellationToken);
            outcome = "ok";
            var text = string.Concat(completion.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
            var usage = completion.Usage;
            return new ModelReply(text, usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, usage?.TotalTokenCount ?? 0);
        }
        catch (ModelUnavailableException)
        {
            outcome = "unavailable";
            throw;
        }
        finally
        {
            metrics.ModelCall(request.Model, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<bool> IsFlaggedAsync(string text, CancellationToken cancellationToken)
    {
        var client = _moderationClient ??= new ModerationClient(options.Value.ModerationModel, new ApiKeyCredential(options.Value.ApiKey), ClientOptions());
        ModerationResult result = await resilience.ExecuteAsync(
            async token => (ModerationResult)await client.ClassifyTextAsync(text, token),
            time,
            cancellationToken);
        return result.Flagged;
    }

    private ChatClient ChatClientFor(string model)
    {
        if (!_chatClients.TryGet(model, out var client))
        {
            client = new ChatClient(model, new ApiKeyCredential(options.Value.ApiKey), ClientOptions());
        }

        _chatClients.Set(model, client, KeepClient); // sliding: a model in use stays
        return client;
    }

    private OpenAIClientOptions ClientOptions()
    {
        var o = options.Value;
        var clientOptions = new OpenAIClientOptions
        {
            // A little longer than the attempt timeout, so ModelResilience's timeout (which it retries) is the one that fires.
            NetworkTimeout = o.AttemptTimeout + TimeSpan.FromSeconds(1),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // ModelResilience retries, honouring Retry-After
        };
        if (o.Endpoint is not null)
        {
            clientOptions.Endpoint = o.Endpoint;
        }

        return clientOptions;
    }

    private static ChatMessage ToMessage(ChatTurn turn) => turn.Role switch
    {
        ChatTurn.System => new SystemChatMessage(turn.Content),
        ChatTurn.Assistant => new AssistantChatMessage(turn.Content),
        _ => new UserChatMessage(turn.Content),
    };
}
