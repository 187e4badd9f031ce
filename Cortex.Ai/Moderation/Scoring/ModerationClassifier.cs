using System.ClientModel;
using System.ClientModel.Primitives;
using Cortex.Ai.Llm;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Moderations;

namespace Cortex.Ai.Moderation.Scoring;

/// <summary>Stage 2: the moderation endpoint (<c>omni-moderation-latest</c>) through the official SDK.</summary>
public sealed class ModerationClassifier(IOptions<OpenAiOptions> options, ModelResilience resilience, TimeProvider time)
{
    private readonly Lazy<ModerationClient> _client = new(() =>
    {
        var o = options.Value;
        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = o.AttemptTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // ModelResilience retries, honouring Retry-After
        };
        if (o.Endpoint is not null)
        {
            clientOptions.Endpoint = o.Endpoint;
        }

        return new ModerationClient(o.ModerationModel, new ApiKeyCredential(o.ApiKey), clientOptions);
    });

    /// <summary>Every category's score for <paramref name="text"/>, by API name.</summary>
    /// <exception cref="ModelUnavailableException">The endpoint could not be asked; the caller queues a retry.</exception>
    public async Task<IReadOnlyDictionary<string, double>> ScoreAsync(string text, CancellationToken cancellationToken)
    {
        ModerationResult result = await resilience.ExecuteAsync(
            async token => (ModerationResult)await _client.Value.ClassifyTextAsync(text, token),
            time,
            cancellationToken);
        return ModerationCategories.ScoresOf(result);
    }
}
