using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Cortex.ServiceDefaults.Input.Rejections;

/// <summary>
/// Gives Kestrel's own refusals a ProblemDetails body. A request Kestrel cannot parse (a NUL or
/// control character in the path, a malformed request line or header, headers too large or too
/// slow) never reaches the app: Kestrel answers it from <c>HttpProtocol.ProduceEnd</c> with an empty
/// body and <c>Connection: close</c>, and offers no hook for that answer. A connection middleware
/// sees the bytes it writes, so it completes that answer (docs/input.md, "Refused by Kestrel").
/// </summary>
public static class RejectedRequestProblems
{
    /// <summary>On every endpoint Kestrel binds, URLs and <c>Listen</c> calls alike.</summary>
    public static void Apply(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => context => ServeAsync(next, context)));
    }

    private static async Task ServeAsync(ConnectionDelegate next, ConnectionContext context)
    {
        var original = context.Transport;
        var writer = new RejectionCompletingWriter(original.Output);
        context.Transport = new Pipe(original.Input, writer);
        try
        {
            await next(context);
        }
        finally
        {
            context.Transport = original;
        }
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
