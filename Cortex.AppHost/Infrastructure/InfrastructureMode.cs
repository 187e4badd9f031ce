using System.Diagnostics;

namespace Cortex.AppHost.Infrastructure;

/// <summary>Where Redis and PostgreSQL come from.</summary>
public enum InfrastructureMode
{
    /// <summary>Aspire's Redis and PostgreSQL containers: the norm where a container runtime answers.</summary>
    Containers,

    /// <summary>redis-server and PostgreSQL from the machine's packages, run by the AppHost.</summary>
    Local,

    /// <summary>Connection strings from configuration: production, or servers started by CI.</summary>
    External,
}

public static class InfrastructureModeResolver
{
    public const string ConfigurationKey = "Cortex:Infrastructure";

    /// <summary>
    /// Publishing always describes containers; otherwise configuration decides, and "auto" (the
    /// default) picks containers only when a container runtime actually answers.
    /// </summary>
    public static InfrastructureMode Resolve(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var configured = builder.Configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configured) || configured.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Local;
        }

        return Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode)
            ? mode
            : throw new InvalidOperationException(
                $"{ConfigurationKey} is '{configured}'; use one of: auto, containers, local, external.");
    }

    // "docker --version" answers without an engine; "docker info" needs the engine to reply.
    private static bool ContainerRuntimeAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
