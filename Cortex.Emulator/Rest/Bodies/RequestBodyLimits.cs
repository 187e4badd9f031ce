using System.Collections;
using System.Text.Json.Serialization.Metadata;
using Cortex.Discord.Models;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Rest.Bodies;

/// <summary>
/// Discord's documented limits on the REST bodies the emulator reads (discord-api-docs: Message
/// "Create Message", "Bulk Delete Messages", Guild "Create Guild Ban", Channel "Start Thread",
/// "Edit Channel Permissions", Guild "Create Guild Channel", Channel "Modify Channel"), in one table: the emulator refuses a body outside them with 50035
/// naming the field, and its OpenAPI document shows the same bounds (<see cref="RequestBodySchemas"/>).
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>Length of a string, or number of items of a list, or the value of a number.</summary>
    public sealed record Limit(long Min, long Max);

    private static readonly Dictionary<(Type, string), Limit> Limits = new()
    {
        [(typeof(CreateMessageRequest), "content")] = new(0, 2000),
        [(typeof(CreateMessageRequest), "embeds")] = new(0, 10),
        [(typeof(CreateMessageRequest), "components")] = new(0, 5),
        [(typeof(CreateMessageRequest), "sticker_ids")] = new(0, 3),
        [(typeof(CreateMessageRequest), "attachments")] = new(0, 10),
        [(typeof(EditMessageRequest), "content")] = new(0, 2000),
        [(typeof(EditMessageRequest), "embeds")] = new(0, 10),
        [(typeof(EditMessageRequest), "components")] = new(0, 5),
        [(typeof(EditMessageRequest), "attachments")] = new(0, 10),
        [(typeof(BulkDeleteMessagesRequest), "messages")] = new(2, 100),
        [(typeof(CreateBanRequest), "delete_message_seconds")] = new(0, 604_800),
        [(typeof(StartThreadRequest), "name")] = new(1, 100),
        [(typeof(StartThreadRequest), "rate_limit_per_user")] = new(0, 21_600),
        [(typeof(StartThreadRequest), "auto_archive_duration")] = new(60, 10_080),
        [(typeof(EditOverwriteRequest), "type")] = new(0, 1),
        [(typeof(CreateGuildChannelRequest), "name")] = new(1, 100),
        [(typeof(CreateGuildChannelRequest), "topic")] = new(0, 1024),
        [(typeof(CreateGuildChannelRequest), "rate_limit_per_user")] = new(0, 21_600),
        [(typeof(ModifyChannelRequest), "name")] = new(1, 100),
        [(typeof(ModifyChannelRequest), "topic")] = new(0, 1024),
        [(typeof(ModifyChannelRequest), "rate_limit_per_user")] = new(0, 21_600),
        [(typeof(ModifyChannelRequest), "auto_archive_duration")] = new(60, 10_080),
    };

    public static Limit? For(Type type, string member) => Limits.GetValueOrDefault((type, member));

    /// <summary>Throws Discord's 50035 for the first member outside its limit.</summary>
    public static void Enforce(object? body, JsonTypeInfo type)
    {
        if (body is null || type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var member in type.Properties)
        {
            if (For(type.Type, member.Name) is not { } limit || member.Get?.Invoke(body) is not { } value)
            {
                continue;
            }

            var (measured, rule) = value switch
            {
                string text => ((long)text.Length, $"Must be between {limit.Min} and {limit.Max} in length."),
                ICollection items => (items.Count, $"Must be between {limit.Min} and {limit.Max} items."),
                int number => (number, $"Int value should be between {limit.Min} and {limit.Max}."),
                long number => (number, $"Int value should be between {limit.Min} and {limit.Max}."),
                _ => (limit.Min, ""),
            };
            if (measured < limit.Min || measured > limit.Max)
            {
                throw RestException.InvalidFormBody($"{member.Name}: {rule}");
            }
        }
    }
}
