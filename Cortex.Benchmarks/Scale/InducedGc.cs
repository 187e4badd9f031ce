using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Cortex.Benchmarks.Scale;

/// <summary>
/// Makes another .NET process run a full, blocking garbage collection, the way dotnet-gcdump does: an EventPipe
/// session asking the runtime for its GC heap (the GCHeapCollect keyword) induces one. Afterwards the process's
/// "heap size after the last GC" is its live managed data, not whatever happened to survive the last gen-0 collection.
/// </summary>
internal static class InducedGc
{
    private const long GcHeapCollectKeyword = 0x800000;

    public static async Task CollectAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcHeapCollectKeyword);
        using var session = await client.StartEventPipeSessionAsync([provider], requestRundown: false, circularBufferMB: 16, CancellationToken.None);

        // The collection runs when the session starts; drain the stream briefly so the runtime is never blocked on it.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await session.EventStream.CopyToAsync(Stream.Null, drain.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await session.StopAsync(CancellationToken.None);
    }
}
