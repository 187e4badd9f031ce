using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Replicas;

/// <summary>
/// The lines every replica of the app's services (and the emulator) logged with any of some texts (a member's ids, "lease of
/// shard"), for a failure's message: which replica handled a member's events, when a shard changed hands, and what went wrong
/// on the way, without rerunning the test.
/// </summary>
public static class ResourceLogExcerpt
{
    private const int MaxLines = 80;
    private static readonly string[] Resources = ["gateway", "economy", "ai", "emulator"];

    public static async Task<string> MentioningAsync(DistributedApplication app, params string[] needles)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(needles);
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        List<string> found = [];
        foreach (var instance in await InstancesAsync(app))
        {
            var previous = "";
            await foreach (var batch in loggers.GetAllAsync(instance))
            {
                foreach (var line in batch)
                {
                    var (time, text) = Stamped(line.Content);
                    if (needles.Any(needle => text.Contains(needle, StringComparison.Ordinal)))
                    {
                        // The console logger writes "warn: Category[id]" on one line and the message, indented, on the next.
                        var level = text.StartsWith(' ') ? previous.Trim() + " " : "";
                        found.Add($"{instance} {time}: {level}{text.Trim()}");
                    }

                    previous = text;
                }
            }
        }

        return found.Count == 0
            ? "none"
            : string.Join(Environment.NewLine, found.Count > MaxLines ? [.. found.Take(MaxLines / 2), "…", .. found.TakeLast(MaxLines / 2)] : found);
    }

    /// <summary>A line as DCP keeps it, "2026-12-06T06:24:55.7560000Z message", split into its time and its message.</summary>
    private static (string Time, string Text) Stamped(string content)
    {
        var space = content.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTimeOffset.TryParse(content.AsSpan(0, space), CultureInfo.InvariantCulture, out _)
            ? (content[..space], content[(space + 1)..])
            : ("", content);
    }

    /// <summary>Each replica's own name (its logs are kept per replica, the killed ones' too), from the resources' snapshots.</summary>
    private static async Task<List<string>> InstancesAsync(DistributedApplication app)
    {
        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        HashSet<string> instances = [];
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(settle.Token))
            {
                if (Resources.Contains(update.Resource.Name))
                {
                    instances.Add(update.ResourceId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return [.. instances.Order(StringComparer.Ordinal)];
    }
}
