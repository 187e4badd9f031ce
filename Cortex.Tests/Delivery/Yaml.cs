using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cortex.Tests.Delivery;

/// <summary>Reads YAML files of the repository, with merge keys (<c>&lt;&lt;: *anchor</c>) resolved.</summary>
internal static class Yaml
{
    public static YamlMappingNode Load(params string[] pathFromRoot)
    {
        using var reader = File.OpenText(Path.Combine([Hosting.RepositoryRoot.Find(), .. pathFromRoot]));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlNode At(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    public static YamlNode? Find(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string Text(this YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static IEnumerable<string> Items(this YamlNode node) => ((YamlSequenceNode)node).Children.Select(Text);
}
