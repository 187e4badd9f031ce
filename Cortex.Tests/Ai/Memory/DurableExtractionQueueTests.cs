using Cortex.Ai;
using Cortex.Ai.Memory;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.Memory;

/// <summary>
/// The memory-extraction queue is a Redis stream read by one consumer group: a job outlives the process that queued it,
/// a job a dead replica had taken is extracted by another after the claim time, and two replicas extract each job once.
/// The fake model counts extraction calls (JSON mode) and scripts the fact.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class DurableExtractionQueueTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private AiHarness _ai = null!;

    public async Task InitializeAsync()
    {
        // Short enough for the dead-replica test, long enough that a busy machine's slow extraction is not taken for
        // a dead one (a claim then extracts twice, which "each job once" would rightly count).
        _ai = await AiHarness.StartAsync(fixture, "memoryqueue", new Dictionary<string, string?> { ["Ai:Memory:ClaimIdle"] = "00:00:05" }, fakeModel: true);
        _ai.Upstream.ExtractFacts = input => [$"Likes {input["message"]!.GetValue<string>().Split(' ')[^1]}"];
    }

    public async Task DisposeAsync() => await _ai.DisposeAsync();

    private static ExtractionJob Job(ulong user, string thing) => new(7400, 1_000_000, user, "ana", $"I like {thing}", "gpt-4o-mini");

    private int Extractions => _ai.Upstream.ChatRequests.Count(r => r["response_format"] is not null);

    private MemoryExtractionWorker Worker(MemoryExtractionJobs jobs) => new(jobs, _ai.Get<MemoryExtractor>(), NullLogger<MemoryExtractionWorker>.Instance);

    private async Task<int> FactsAsync(ulong user) => (await _ai.Get<MemoryStore>().AllAsync(user, CancellationToken.None)).Count;

    private async Task UntilFactsAsync(params ulong[] users)
    {
        for (var i = 0; i < 300 && (await Task.WhenAll(users.Select(FactsAsync))).Any(count => count == 0); i++)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_job_queued_while_no_worker_runs_is_extracted_when_one_starts()
    {
        await _ai.Get<MemoryExtractionJobs>().EnqueueAsync(Job(7411, "tea"));
        Assert.Equal(1, await _ai.Redis.GetDatabase().StreamLengthAsync(_ai.Get<MemoryExtractionJobs>().Stream));

        using var worker = Worker(_ai.Get<MemoryExtractionJobs>());
        await worker.StartAsync(CancellationToken.None);
        await UntilFactsAsync(7411);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, await FactsAsync(7411));
        Assert.Equal(0, await _ai.Redis.GetDatabase().StreamLengthAsync(_ai.Get<MemoryExtractionJobs>().Stream));
    }

    [Fact]
    public async Task A_job_a_dead_replica_had_taken_is_extracted_by_another_once()
    {
        var jobs = _ai.Get<MemoryExtractionJobs>();
        await jobs.EnqueueAsync(Job(7421, "chess"));
        var database = _ai.Redis.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(jobs.Stream, MemoryExtractionJobs.Group, "0-0");
        // A replica reads the job and dies before extracting it: the job stays pending under its name.
        Assert.Single(await database.StreamReadGroupAsync(jobs.Stream, MemoryExtractionJobs.Group, "dead-replica", StreamPosition.NewMessages, 10));

        using var worker = Worker(jobs);
        await worker.StartAsync(CancellationToken.None);
        await UntilFactsAsync(7421);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, await FactsAsync(7421));
        Assert.Equal(1, Extractions);
        Assert.Equal(0, (await database.StreamPendingAsync(jobs.Stream, MemoryExtractionJobs.Group)).PendingMessageCount);
    }

    [Fact]
    public async Task Two_replicas_extract_each_job_once()
    {
        var (other, otherRedis) = await _ai.AnotherReplicaAsync();
        await using (other)
        await using (otherRedis)
        {
            ulong[] users = [.. Enumerable.Range(0, 12).Select(i => 7430UL + (ulong)i)];
            foreach (var user in users)
            {
                await _ai.Get<MemoryExtractionJobs>().EnqueueAsync(Job(user, $"thing{user}"));
            }

            using var first = Worker(_ai.Get<MemoryExtractionJobs>());
            using var second = new MemoryExtractionWorker(other.GetRequiredService<MemoryExtractionJobs>(), other.GetRequiredService<MemoryExtractor>(), NullLogger<MemoryExtractionWorker>.Instance);
            await Task.WhenAll(first.StartAsync(CancellationToken.None), second.StartAsync(CancellationToken.None));
            await UntilFactsAsync(users);
            await Task.WhenAll(first.StopAsync(CancellationToken.None), second.StopAsync(CancellationToken.None));

            Assert.All(await Task.WhenAll(users.Select(FactsAsync)), count => Assert.Equal(1, count));
            Assert.Equal(users.Length, Extractions);
        }
    }
}
