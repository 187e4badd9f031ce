using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Models;

namespace Cortex.Tests.Discord.Models;

/// <summary>
/// Every example in Discord's documentation of an object Cortex models parses into that model and
/// serializes back with nothing lost or invented.
/// </summary>
public sealed class DocumentationCorpusTests
{
    public static TheoryData<int, string> Examples()
    {
        var data = new TheoryData<int, string>();
        var examples = DocumentationCorpus.Examples;
        for (var i = 0; i < examples.Count; i++)
        {
            data.Add(i, $"{examples[i]!["model"]} from {examples[i]!["source"]} ({examples[i]!["title"]})");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_documented_example_round_trips_through_its_model_with_nothing_lost(int index, string example)
    {
        var entry = DocumentationCorpus.Examples[index]!;
        var type = typeof(Guild).Assembly.GetType("Cortex.Discord.Models." + entry["model"]!.GetValue<string>())
            ?? throw new InvalidOperationException($"No model named {entry["model"]}.");
        var typeInfo = DiscordJsonContext.Default.GetTypeInfo(type)!;
        var source = entry["json"]!.ToJsonString();

        var model = JsonSerializer.Deserialize(source, typeInfo);
        var written = JsonNode.Parse(JsonSerializer.Serialize(model, typeInfo));

        var losses = JsonLoss.Compare(JsonNode.Parse(source), written);
        Assert.True(losses.Count == 0, $"{example}:\n{string.Join('\n', losses)}");
    }

    [Fact]
    public void Every_example_not_modelled_says_why()
    {
        var skipped = DocumentationCorpus.NotModelled;
        Assert.NotEmpty(skipped);
        Assert.All(skipped, entry => Assert.False(string.IsNullOrWhiteSpace(entry!["reason"]?.GetValue<string>()), entry!.ToJsonString()));
    }

    [Fact]
    public void The_comparison_notices_a_lost_field_and_an_invented_one()
    {
        Assert.Equal(["$.a lost (1)"], JsonLoss.Compare(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("{}")));
        Assert.Equal(["$.b invented (2)"], JsonLoss.Compare(JsonNode.Parse("{}"), JsonNode.Parse("""{"b":2}""")));
        Assert.Empty(JsonLoss.Compare(JsonNode.Parse("""{"a":null,"t":"2017-07-11T17:27:07.299000+00:00"}"""), JsonNode.Parse("""{"c":[],"t":"2017-07-11T17:27:07.299+00:00"}""")));
    }
}
