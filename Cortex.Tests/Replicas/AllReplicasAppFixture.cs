using Cortex.Tests.Hosting;

namespace Cortex.Tests.Replicas;

/// <summary>
/// The whole app with two replicas of every service (<c>Cortex:Gateway:Replicas</c>, <c>Cortex:Economy:Replicas</c>,
/// <c>Cortex:Ai:Replicas</c>) over two shards. A dead economy replica's stream entries are claimed by the survivor after
/// 10 s instead of 30 s; the AI keeps its 150 s, which must outlast the 2 min lease its event gate puts on an event in
/// hand (shorter, the survivor finds the dead replica's events busy until it gives up on them). The emulator takes a
/// first interaction response for 2 minutes instead of Discord's 3 s: what is under test is that the survivor finishes
/// the dead replica's work once, not that it beats Discord's clock.
/// </summary>
public class AllReplicasAppFixture : CortexAppFixture
{
    public const int Shards = 2;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Cortex:Gateway:Replicas=2",
        "--Cortex:Economy:Replicas=2",
        "--Cortex:Ai:Replicas=2",
        $"--Cortex:Gateway:ShardCount={Shards}",
        "--Cortex:Gateway:LeaseTime=00:00:06",
        "--Cortex:Gateway:LeaseRenewInterval=00:00:01",
        "--Cortex:Events:Consumers:economy:ClaimIdle=00:00:10",
        "--Cortex:Events:Consumers:verification:ClaimIdle=00:00:10",
        "--Cortex:Events:Consumers:cortex-ai:ClaimInterval=00:00:02",
        "--Cortex:Events:Consumers:cortex-moderation:ClaimInterval=00:00:02",
        "--Cortex:Ai:Memory:ClaimIdle=00:00:10",
        "--Cortex:Emulator:InitialResponseWindowMilliseconds=120000",
    ];
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllReplicasAppCollection : ICollectionFixture<AllReplicasAppFixture>
{
    public const string Name = "Cortex app, two replicas of every service";
}
