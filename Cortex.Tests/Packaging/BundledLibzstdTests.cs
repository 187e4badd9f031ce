using Cortex.Discord.Compression;
using Cortex.Gateway.Configuration;

namespace Cortex.Tests.Packaging;

/// <summary>
/// The gateway's build carries libzstd beside it (build/BundledLibzstd.targets), so its chiseled image, which has none of
/// its own, still receives zstd-stream natively. This test process's directory gets the gateway's copy like any
/// referencing project's output does.
/// </summary>
public sealed class BundledLibzstdTests
{
    private static string AppDirectory => Path.GetDirectoryName(typeof(GatewayOptions).Assembly.Location)!;

    [Fact]
    public void The_gateway_output_carries_libzstd_and_its_copyright()
    {
        Assert.True(File.Exists(Path.Combine(AppDirectory, "libzstd.so.1")), "libzstd.so.1 beside the gateway");
        Assert.Contains("BSD", File.ReadAllText(Path.Combine(AppDirectory, "licenses", "libzstd.copyright")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_copy_beside_the_app_is_the_one_loaded()
    {
        Assert.NotNull(LibZstd.Instance);

        // NativeLibrary looks in the assembly's directory before the system's: the mapped file is the bundled one.
        var bundled = Path.Combine(AppDirectory, "libzstd.so.1");
        var mapped = File.ReadLines("/proc/self/maps").Where(line => line.Contains("libzstd", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mapped);
        Assert.All(mapped, line => Assert.EndsWith(bundled, line, StringComparison.Ordinal));
    }
}
