using Cortex.Ai;
using Cortex.Ai.History;
using Cortex.Ai.Tokens;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.History;

[Collection(CortexAppCollection.Name)]
public sealed class ChannelHistoryTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private static readonly ITokenizer Tokenizer = new Cortex.Ai.Tokens.Tokenizers().ForModel("gpt-4o-mini");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private IConnectionMultiplexer _redis = null!;
    private RedisKeys _keys = null!;

    public async Task InitializeAsync() => (_redis, _keys) = await AiRedis.ConnectAsync(fixture, nameof(ChannelHistoryTests));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private ChannelHistory History(int maxMessages = 200, TimeSpan? maxAge = null) =>
        new(_redis, _keys, Options.Create(new HistoryOptions { MaxMessages = maxMessages, MaxAge = maxAge ?? TimeSpan.FromHours(24) }), _time);

    [Fact]
    public async Task Each_message_is_stored_with_its_chat_format_token_count()
    {
        const ulong channel = 3001;
        var entry = await History().AppendAsync(channel, 1, "user", "ana: hello world", _time.GetUtcNow(), Tokenizer);

        var stored = Assert.Single(await History().NewestFirstAsync(channel, 10));
        Assert.Equal(entry, stored);
        Assert.Equal(ChatTokens.Message(Tokenizer, "user", "ana: hello world"), stored.Tokens);
        Assert.Equal("o200k_base", stored.Encoding);
    }

    [Fact]
    public async Task The_set_keeps_only_the_newest_messages_up_to_its_length()
    {
        const ulong channel = 3002;
        var history = History(maxMessages: 5);
        for (ulong id = 1; id <= 8; id++)
        {
            await history.AppendAsync(channel, id, "user", $"bo: message {id}", _time.GetUtcNow().AddSeconds(id), Tokenizer);
        }

        var entries = await history.NewestFirstAsync(channel, 100);
        Assert.Equal([8UL, 7, 6, 5, 4], entries.Select(e => e.MessageId));
        Assert.Equal(5, await _redis.GetDatabase().SortedSetLengthAsync(_keys.ChannelHistory(channel)));
    }

    [Fact]
    public async Task Messages_older_than_the_age_limit_are_neither_read_nor_kept()
    {
        const ulong channel = 3003;
        var history = History(maxAge: TimeSpan.FromMinutes(10));
        var start = _time.GetUtcNow();
        await history.AppendAsync(channel, 1, "user", "bo: old", start, Tokenizer);
        _time.Advance(TimeSpan.FromMinutes(8));
        await history.AppendAsync(channel, 2, "user", "bo: newer", _time.GetUtcNow(), Tokenizer);
        _time.Advance(TimeSpan.FromMinutes(4)); // the first is now 12 minutes old

        Assert.Equal([2UL], (await history.NewestFirstAsync(channel, 10)).Select(e => e.MessageId));

        await history.AppendAsync(channel, 3, "user", "bo: newest", _time.GetUtcNow(), Tokenizer);
        Assert.Equal(2, await _redis.GetDatabase().SortedSetLengthAsync(_keys.ChannelHistory(channel)));
        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(_keys.ChannelHistory(channel));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task A_redelivered_message_is_stored_once()
    {
        const ulong channel = 3004;
        var at = _time.GetUtcNow();
        await History().AppendAsync(channel, 1, "user", "ana: hi", at, Tokenizer);
        await History().AppendAsync(channel, 1, "user", "ana: hi", at, Tokenizer);

        Assert.Single(await History().NewestFirstAsync(channel, 10));
    }

    [Fact]
    public async Task A_very_long_message_is_cut_before_it_is_stored()
    {
        const ulong channel = 3005;
        var history = new ChannelHistory(_redis, _keys, Options.Create(new HistoryOptions { MaxTokensPerMessage = 50 }), _time);

        var entry = await history.AppendAsync(channel, 1, "user", string.Join(' ', Enumerable.Repeat("token", 500)), _time.GetUtcNow(), Tokenizer);

        Assert.InRange(Tokenizer.CountTokens(entry.Content), 1, 50);
    }
}
