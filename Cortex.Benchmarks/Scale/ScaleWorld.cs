using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cortex.Benchmarks.Scale;

/// <summary>
/// Fills the emulator with the scale run's guilds through its control API: a pool of users first, then each guild
/// with its channels and members. Every guild raises one GUILD_CREATE on the shard that owns it (guild id &gt;&gt; 22
/// mod shards) and each channel and member its own event, as a bot sees a server grow.
/// </summary>
internal static class ScaleWorld
{
    private const int Parallelism = 16;

    public static async Task CreateAsync(HttpClient emulator, GuildShape shape)
    {
        var users = new string[shape.Members];
        for (var i = 0; i < users.Length; i++)
        {
            users[i] = await IdAsync(emulator, "/control/users", new JsonObject { ["username"] = $"member{i}" });
        }

        var created = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, shape.Guilds), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, _) =>
        {
            var guild = await IdAsync(emulator, "/control/guilds", new JsonObject { ["name"] = $"scale guild {index}" });
            for (var channel = 0; channel < shape.Channels; channel++)
            {
                await IdAsync(emulator, $"/control/guilds/{guild}/channels", new JsonObject { ["name"] = $"channel-{channel}" });
            }

            foreach (var user in users)
            {
                await IdAsync(emulator, $"/control/guilds/{guild}/members", new JsonObject { ["user_id"] = user });
            }

            if (Interlocked.Increment(ref created) % 500 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {created:N0} of {shape.Guilds:N0} guilds created"));
            }
        });
    }

    private static async Task<string> IdAsync(HttpClient emulator, string path, JsonObject body)
    {
        using var response = await emulator.PostAsJsonAsync(path, body);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {answer}");
        }

        // Members answer with their user; everything else with its own id.
        return (answer!["id"] ?? answer["user"]?["id"] ?? answer["user_id"])!.GetValue<string>();
    }
}
