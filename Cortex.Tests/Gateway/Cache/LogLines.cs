using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>A logger that keeps each line it is given ("Level: message"), for tests that check what the cache warned about.</summary>
internal sealed class LogLines : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
