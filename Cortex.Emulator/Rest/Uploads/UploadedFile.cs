using System.Text;

namespace Cortex.Emulator.Rest;

/// <summary>One <c>files[n]</c> part of a multipart request: its index <c>n</c>, filename, content type and bytes.</summary>
public sealed record UploadedFile(int Index, string FileName, string ContentType, byte[] Content)
{
    /// <summary>A filename as Discord keeps it: letters, digits, dot, dash and underscore; anything else becomes <c>_</c>.</summary>
    public static string SafeName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = new StringBuilder(Math.Min(fileName.Length, 128));
        foreach (var c in Path.GetFileName(fileName).AsSpan(0, Math.Min(Path.GetFileName(fileName).Length, 128)))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return name.Length == 0 ? "unknown" : name.ToString();
    }
}

/// <summary>The files of one request, and the emulator's own address, under which their URLs are served.</summary>
public sealed record MessageUploads(IReadOnlyList<UploadedFile> Files, Uri BaseAddress);
