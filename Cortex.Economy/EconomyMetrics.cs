using System.Diagnostics.Metrics;

namespace Cortex.Economy;

/// <summary>The economy's counters and histograms, exported under <c>Cortex.Economy</c> (the dashboard and <c>/metrics</c>).</summary>
public sealed class EconomyMetrics
{
    public const string MeterName = "Cortex.Economy";

    /// <summary>Powers of two up to the largest <c>Economy:Transfers:MaxBatchSize</c>: the default buckets start at 0, 5, 10.</summary>
    private static readonly InstrumentAdvice<int> BatchSizeBuckets = new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_000] };

    public EconomyMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        CacheHits = Meter.CreateCounter<long>("cortex.economy.cache.hits", description: "Balance reads answered by Redis.");
        CacheMisses = Meter.CreateCounter<long>("cortex.economy.cache.misses", description: "Balance reads Redis could not answer.");
        BalanceDatabaseReads = Meter.CreateCounter<long>("cortex.economy.balance.database_reads", description: "Balance reads that went to PostgreSQL.");
        LeaderboardQueries = Meter.CreateCounter<long>("cortex.economy.leaderboard.queries", description: "Leaderboard pages the API read from PostgreSQL (page cache misses).");
        RedisFailures = Meter.CreateCounter<long>("cortex.economy.redis.failures", description: "Redis calls that failed; the operation fell back to PostgreSQL.");
        LockWaitsExpired = Meter.CreateCounter<long>("cortex.economy.cache.lock_waits_expired", description: "Readers that stopped waiting for another reader's fill.");
        Movements = Meter.CreateCounter<long>("cortex.economy.movements", description: "Money movements applied, by type.");
        CacheRepairsDropped = Meter.CreateCounter<long>("cortex.economy.cache.repairs_dropped", description: "Cache repairs not queued because the repair queue was full; the stale balance expires with its TTL.");
        TransferBatchSize = Meter.CreateHistogram<int>(
            "cortex.economy.transfer.batch.size",
            "{transfer}",
            "Transfers sent to PostgreSQL in one round trip and one transaction (1: no batching happened).",
            advice: BatchSizeBuckets);
    }

    public Meter Meter { get; }

    public Counter<long> CacheHits { get; }

    public Counter<long> CacheMisses { get; }

    public Counter<long> BalanceDatabaseReads { get; }

    public Counter<long> LeaderboardQueries { get; }

    public Counter<long> RedisFailures { get; }

    public Counter<long> LockWaitsExpired { get; }

    public Counter<long> Movements { get; }

    public Counter<long> CacheRepairsDropped { get; }

    public Histogram<int> TransferBatchSize { get; }
}
