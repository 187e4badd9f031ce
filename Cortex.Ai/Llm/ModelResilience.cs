using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Cortex.Ai.Llm;

/// <summary>
/// Timeouts, retries for 429 and 5xx that wait what <c>Retry-After</c> asks (and give up at once
/// when it asks too much), and a circuit breaker so a dead endpoint fails fast instead of
/// holding every request for the whole timeout. The SDK's own retries are off; this is the only layer.
/// </summary>
public sealed class ModelResilience
{
    public ModelResilience(IOptions<OpenAiOptions> options, TimeProvider time, AiMetrics metrics)
    {
        var o = options.Value;
        var shouldRetry = new PredicateBuilder().Handle<Exception>(e =>
            RetryAfter.IsTransient(e) && !(RetryAfter.From(e, time) > o.MaxRetryAfter));

        var builder = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(o.TotalTimeout);
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = shouldRetry,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? RetryAfter.From(e, time) : null),
                OnRetry = args =>
                {
                    metrics.ModelRetried(args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            });
        }

        Pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(RetryAfter.IsTransient),
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
        BreakDuration = o.BreakDuration;
    }

    public ResiliencePipeline Pipeline { get; }

    public TimeSpan BreakDuration { get; }

    /// <summary>Runs <paramref name="call"/>, turning every way of not getting an answer into <see cref="ModelUnavailableException"/>.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await Pipeline.ExecuteAsync(call, cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw new ModelUnavailableException("The model endpoint is failing; calls are paused.", e.RetryAfter ?? BreakDuration, e);
        }
        catch (Exception e) when (RetryAfter.IsTransient(e) || e is TimeoutRejectedException)
        {
            throw new ModelUnavailableException("The model endpoint did not answer.", RetryAfter.From(e, time), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's cancellation: the HTTP client's own network timeout fired (a loaded machine can reach it
            // before the attempt timeout). The endpoint did not answer, which is what the caller must be told.
            throw new ModelUnavailableException("The model endpoint did not answer.", RetryAfter.From(e, time), e);
        }
    }
}
