using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Cortex.Migrator.Migrating;

/// <summary>The ordered set of migrations shipped inside the migrator.</summary>
public sealed partial class MigrationCatalog(IReadOnlyList<Migration> migrations)
{
    public IReadOnlyList<Migration> Migrations { get; } = migrations;

    public static MigrationCatalog FromEmbeddedResources(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)))
        {
            var fileName = Path.GetFileNameWithoutExtension(resource);
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return new MigrationCatalog([.. migrations.OrderBy(m => m.Version)]);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)$")]
    private static partial Regex FileNamePattern();
}
