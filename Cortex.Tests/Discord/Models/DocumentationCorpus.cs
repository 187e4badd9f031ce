using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Discord.Models;

/// <summary>
/// The JSON examples of Discord's documentation (discord/discord-api-docs, extracted into
/// <c>Corpus/examples.json</c> with their source path and line), and the ones deliberately not modelled.
/// </summary>
internal static class DocumentationCorpus
{
    public static string Directory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (Cortex.sln) was not found."),
                "Cortex.Tests", "Discord", "Models", "Corpus");
        }
    }

    public static JsonArray Examples => Load("examples.json");

    public static JsonArray NotModelled => Load("not-modelled.json");

    private static JsonArray Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, file)))!.AsArray();
}
