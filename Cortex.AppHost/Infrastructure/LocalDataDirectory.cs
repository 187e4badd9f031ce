namespace Cortex.AppHost.Infrastructure;

/// <summary>
/// The git-ignored folder where local mode keeps Redis and PostgreSQL data between runs
/// (<c>.data/</c> at the repository root unless <c>Cortex:DataDirectory</c> says otherwise).
/// </summary>
internal static class LocalDataDirectory
{
    public const string ConfigurationKey = "Cortex:DataDirectory";

    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigurationKey];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".data")
            : configured;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(full);
        return full;
    }
}
