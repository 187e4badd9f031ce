namespace Cortex.Tests.Hosting;

/// <summary>
/// What an operator watches for lost or stuck work is on <c>/metrics</c> (and so on the dashboard,
/// which reads the same OpenTelemetry meters): per stream and group the lag and pending count, the
/// dead letters, and the moderation backlog's depth.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class BacklogMetricsTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task Stream_lag_pending_and_dead_letters_are_on_the_gateways_metrics()
    {
        var lines = await ScrapeUntilAsync("gateway", ["cortex_gateway_stream_lag{", "cortex_gateway_stream_pending{", "cortex_gateway_stream_dead_letters{", "cortex_gateway_stream_length{"]);

        // One series per stream and consumer group: the AI worker's, moderation's and the economy's groups read the streams.
        Assert.Contains(lines, l => l.StartsWith("cortex_gateway_stream_lag{", StringComparison.Ordinal) && l.Contains("group=\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cortex_gateway_stream_pending{", StringComparison.Ordinal) && l.Contains("stream=\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_moderation_backlog_depth_is_on_the_ai_workers_metrics()
    {
        await ScrapeUntilAsync("ai", ["cortex_moderation_queue_depth"]);
    }

    private async Task<string[]> ScrapeUntilAsync(string service, string[] prefixes)
    {
        using var http = fixture.CreateInternalClient(service);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string[] lines = [];
        while (!prefixes.All(p => lines.Any(l => l.StartsWith(p, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{service} /metrics lacks {string.Join(", ", prefixes.Where(p => !lines.Any(l => l.StartsWith(p, StringComparison.Ordinal))))}");
            await Task.Delay(500);
            lines = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        }

        return lines;
    }
}
