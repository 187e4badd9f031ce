using Cortex.Discord.Gateway;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>The identify retry delay is exactly min(1000·2^attempt + random(0..1000), 30000) ms.</summary>
public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 0.0, 1_000)]
    [InlineData(0, 0.5, 1_500)]
    [InlineData(1, 0.25, 2_250)]
    [InlineData(2, 0.0, 4_000)]
    [InlineData(3, 0.999, 8_999)]
    [InlineData(4, 0.5, 16_500)]
    [InlineData(4, 0.9999, 16_999.9)]
    [InlineData(5, 0.0, 30_000)] // 32,000 capped
    [InlineData(14, 0.7, 30_000)]
    [InlineData(1_000, 0.7, 30_000)]
    public void Each_attempt_waits_the_seeds_formula(int attempt, double random, double expectedMilliseconds)
    {
        var delay = ReconnectBackoff.For(attempt, Base, Jitter, Max, new FixedRandom(random));

        Assert.Equal(expectedMilliseconds, delay.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void The_jitter_spans_zero_to_one_second_on_top_of_the_exponential_step()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 2_000).Select(_ => ReconnectBackoff.For(2, Base, Jitter, Max, random).TotalMilliseconds).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, 4_000, 5_000));
        Assert.True(delays.Min() < 4_050 && delays.Max() > 4_950, $"jitter range seen: {delays.Min()}..{delays.Max()}");
    }

    [Fact]
    public void The_defaults_are_the_seeds_values()
    {
        var options = new ShardConnectionOptions { Token = "t", GatewayUrl = new Uri("ws://localhost/"), Random = new FixedRandom(0.25) };

        Assert.Equal(TimeSpan.FromSeconds(1), options.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReconnectJitter);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxReconnectDelay);
        Assert.Equal(
            TimeSpan.FromMilliseconds(8_250),
            ReconnectBackoff.For(3, options.ReconnectDelay, options.ReconnectJitter, options.MaxReconnectDelay, options.Random));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;

        protected override double Sample() => value;
    }
}
