using System.Text.Json;

namespace Cortex.Tests.Support;

/// <summary>
/// A service's runtime settings as its build writes them in <c>{service}.runtimeconfig.json</c> (what <c>dotnet
/// Service.dll</c> and the container read). Each service project reference copies its file beside the tests.
/// </summary>
public static class RuntimeConfig
{
    /// <summary>The <c>configProperties</c> of <paramref name="service"/>'s runtimeconfig.json.</summary>
    public static JsonElement Properties(string service)
    {
        var path = Path.Combine(AppContext.BaseDirectory, service + ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
