using System.Diagnostics.Metrics;

namespace Cortex.Ai;

/// <summary>
/// The AI worker's instruments (meter <c>Cortex.Ai</c>, exported to Prometheus and OTLP by the
/// service defaults): tokens per guild, requests, rejections by reason, model latency.
/// </summary>
public sealed class AiMetrics
{
    public const string MeterName = "Cortex.Ai";

    private readonly Counter<long> _tokens;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _modelLatency;
    private readonly Counter<long> _memoryFacts;

    public AiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _tokens = meter.CreateCounter<long>("cortex.ai.tokens", "{token}", "Tokens billed to a guild (usage.total_tokens).");
        _requests = meter.CreateCounter<long>("cortex.ai.requests", "{request}", "AI requests by trigger and outcome.");
        _rejections = meter.CreateCounter<long>("cortex.ai.rejections", "{request}", "Requests refused before the model, by reason.");
        _retries = meter.CreateCounter<long>("cortex.ai.model.retries", "{retry}", "Model calls retried after a transient failure.");
        _modelLatency = meter.CreateHistogram<double>("cortex.ai.model.duration", "s", "Model call latency, retries included.");
        _memoryFacts = meter.CreateCounter<long>("cortex.ai.memory.facts", "{fact}", "Extracted facts by outcome (stored, refused reason).");
    }

    public void TokensUsed(ulong guildId, string purpose, int tokens) =>
        _tokens.Add(tokens, new("guild", guildId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("purpose", purpose));

    public void Request(string trigger, string outcome) => _requests.Add(1, new("trigger", trigger), new("outcome", outcome));

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ModelRetried(Exception? cause) => _retries.Add(1, new KeyValuePair<string, object?>("cause", cause?.GetType().Name ?? "result"));

    public void ModelCall(string model, string outcome, TimeSpan elapsed) =>
        _modelLatency.Record(elapsed.TotalSeconds, new("model", model), new("outcome", outcome));

    public void MemoryFact(string outcome) => _memoryFacts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
