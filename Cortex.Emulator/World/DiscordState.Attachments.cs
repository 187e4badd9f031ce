using System.Globalization;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Files uploaded with messages (<c>files[n]</c> of a multipart body): kept in the world, served under
/// <c>/attachments/{channel.id}/{attachment.id}/{filename}</c> as Discord's CDN serves them, and listed in the
/// message's <c>attachments</c>. The world keeps at most <see cref="MaxStoredUploadBytes"/>; older files
/// are dropped first, as expired CDN links stop answering.
/// </summary>
public sealed partial class DiscordState
{
    public const long MaxStoredUploadBytes = 256L * 1024 * 1024;

    private readonly Dictionary<Snowflake, (Snowflake ChannelId, UploadedFile File)> _files = [];
    private readonly Queue<ulong> _fileOrder = new();
    private long _storedUploadBytes;

    /// <summary>The bytes of an attachment, or null when unknown (or dropped).</summary>
    public UploadedFile? FindUpload(Snowflake channelId, Snowflake attachmentId, string fileName)
    {
        lock (_lock)
        {
            return _files.TryGetValue(attachmentId, out var stored) && stored.ChannelId == channelId && stored.File.FileName == fileName ? stored.File : null;
        }
    }

    /// <summary>
    /// The attachments a new message carries: every uploaded file, with the description and filename its
    /// <c>attachments</c> entry (by placeholder id <c>n</c> of <c>files[n]</c>) gives. An entry naming no uploaded file is a 50035.
    /// </summary>
    private List<Attachment> NewAttachmentsLocked(Snowflake channelId, IReadOnlyList<Attachment>? metadata, MessageUploads? uploads)
    {
        var files = uploads?.Files ?? [];
        for (var i = 0; i < (metadata?.Count ?? 0); i++)
        {
            if (files.All(f => (ulong)f.Index != metadata![i].Id.Value))
            {
                throw RestException.InvalidFormBody($"attachments.{i}.id: Unknown attachment placeholder; upload it as files[{metadata![i].Id}].");
            }
        }

        return [.. files.Select(f => StoreLocked(channelId, f, metadata?.FirstOrDefault(m => m.Id.Value == (ulong)f.Index), uploads!.BaseAddress))];
    }

    /// <summary>
    /// An edit's attachments (API v10): without an <c>attachments</c> list the old ones stay and new files are
    /// appended; with one, only the listed old ones (by id) and listed new ones (by placeholder) remain.
    /// </summary>
    private List<Attachment>? EditedAttachmentsLocked(StateMessage stored, IReadOnlyList<Attachment>? keep, MessageUploads? uploads)
    {
        if (keep is null && uploads is not { Files.Count: > 0 })
        {
            return null;
        }

        var channelId = stored.Message.ChannelId.Value;
        if (keep is null)
        {
            return [.. stored.Message.Attachments, .. NewAttachmentsLocked(channelId, null, uploads)];
        }

        var kept = new List<Attachment>();
        var fresh = new List<Attachment>();
        for (var i = 0; i < keep.Count; i++)
        {
            if (stored.Message.Attachments.FirstOrDefault(a => a.Id == keep[i].Id) is { } old)
            {
                kept.Add(keep[i].Description is { } description ? old with { Description = description } : old);
            }
            else if (uploads?.Files.FirstOrDefault(f => (ulong)f.Index == keep[i].Id.Value) is { } file)
            {
                fresh.Add(StoreLocked(channelId, file, keep[i], uploads.BaseAddress));
            }
            else
            {
                throw RestException.InvalidFormBody($"attachments.{i}.id: Unknown attachment.");
            }
        }

        return [.. kept, .. fresh];
    }

    private Attachment StoreLocked(Snowflake channelId, UploadedFile file, Attachment? metadata, Uri baseAddress)
    {
        var id = NextId();
        var name = UploadedFile.SafeName(metadata?.Filename is { Length: > 0 } renamed ? renamed : file.FileName);
        var stored = file with { FileName = name };
        _files[id] = (channelId, stored);
        _fileOrder.Enqueue(id);
        _storedUploadBytes += file.Content.Length;
        while (_storedUploadBytes > MaxStoredUploadBytes && _fileOrder.TryDequeue(out var oldest))
        {
            if (_files.Remove(oldest, out var dropped))
            {
                _storedUploadBytes -= dropped.File.Content.Length;
            }
        }

        var url = new Uri(baseAddress, string.Create(CultureInfo.InvariantCulture, $"attachments/{channelId}/{id}/{Uri.EscapeDataString(name)}")).ToString();
        return new Attachment
        {
            Id = id,
            Filename = name,
            Description = metadata?.Description,
            ContentType = file.ContentType,
            Size = file.Content.Length,
            Url = url,
            ProxyUrl = url,
        };
    }
}
