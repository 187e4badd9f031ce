using System.Text.Json;
using Cortex.Discord.Gateway;
using Cortex.Discord.Gateway.Payloads;
using Cortex.Emulator.World;

namespace Cortex.Emulator.Gateway;

internal sealed partial class GatewayClientConnection
{
    private static readonly byte[] InvalidSessionFalse = "false"u8.ToArray();
    private static readonly byte[] ResumedData = """{"_trace":["cortex-emulator"]}"""u8.ToArray();

    /// <summary>Sends op 9 with <c>d</c> = <paramref name="resumable"/>.</summary>
    public void SendInvalidSession(bool resumable) =>
        Enqueue(new OutgoingFrame((int)GatewayOpcode.InvalidSession, null, null, resumable ? "true"u8.ToArray() : InvalidSessionFalse));

    /// <summary>Sends op 7.</summary>
    public void SendReconnect() => Enqueue(new OutgoingFrame((int)GatewayOpcode.Reconnect, null, null, default));

    /// <summary>Sends op 1: the client must heartbeat at once.</summary>
    public void RequestHeartbeat() => Enqueue(new OutgoingFrame((int)GatewayOpcode.Heartbeat, null, null, default));

    private void Identify(ReadOnlyMemory<byte> data)
    {
        if (Session is not null)
        {
            Close((int)GatewayCloseCode.AlreadyAuthenticated, "Already authenticated.");
            return;
        }

        var identify = Parse(data, GatewayJsonContext.Default.IdentifyPayload);
        if (identify?.Token is null || identify.Properties is null)
        {
            Close((int)GatewayCloseCode.DecodeError, "Invalid IDENTIFY payload.");
            return;
        }

        if (!_hub.TokenMatches(identify.Token))
        {
            Close((int)GatewayCloseCode.AuthenticationFailed, "Authentication failed.");
            return;
        }

        var shard = identify.Shard ?? [0, 1];
        if (shard.Length != 2 || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])
        {
            Close((int)GatewayCloseCode.InvalidShard, "Invalid shard.");
            return;
        }

        var intents = (GatewayIntents)identify.Intents;
        if ((intents & ~GatewayIntents.All) != 0)
        {
            Close((int)GatewayCloseCode.InvalidIntents, "Invalid intent(s).");
            return;
        }

        if ((intents & GatewayIntents.Privileged & ~_hub.Options.AllowedPrivilegedIntents) != 0)
        {
            Close((int)GatewayCloseCode.DisallowedIntents, "Disallowed intent(s).");
            return;
        }

        var (shardId, shardCount) = (shard[0], shard[1]);
        if (GuildsOf(shardId, shardCount).Count > _hub.Options.MaxGuildsPerShard)
        {
            Close((int)GatewayCloseCode.ShardingRequired, "Sharding required.");
            return;
        }

        if (!_hub.TryStartSession(shardId))
        {
            LogIdentifyThrottled(Id, shardId);
            SendInvalidSession(resumable: false);
            return;
        }

        // READY, the GUILD_CREATEs and the first live dispatch happen as one step against the world.
        _hub.World.Atomically(() =>
        {
            var session = _hub.CreateSession(shardId, shardCount, intents);
            session.Attach(this);
            Session = session;
            var guilds = GuildsOf(shardId, shardCount);
            session.Dispatch("READY", ReadyJson(session, guilds));
            if ((intents & GatewayIntents.Guilds) != 0)
            {
                foreach (var guild in guilds)
                {
                    session.Dispatch("GUILD_CREATE", _hub.World.GuildCreateJson(guild.Id));
                }
            }
        });
        LogIdentified(Id, Session!.Id, shardId, shardCount);
    }

    private void Resume(ReadOnlyMemory<byte> data)
    {
        if (Session is not null)
        {
            Close((int)GatewayCloseCode.AlreadyAuthenticated, "Already authenticated.");
            return;
        }

        var resume = Parse(data, GatewayJsonContext.Default.ResumePayload);
        if (resume?.Token is null || resume.SessionId is null)
        {
            Close((int)GatewayCloseCode.DecodeError, "Invalid RESUME payload.");
            return;
        }

        if (!_hub.TokenMatches(resume.Token))
        {
            Close((int)GatewayCloseCode.AuthenticationFailed, "Authentication failed.");
            return;
        }

        var session = _hub.FindSession(resume.SessionId);
        if (session is null)
        {
            SendInvalidSession(resumable: false);
            return;
        }

        var result = ResumeResult.Unknown;
        GatewayClientConnection? previous = null;
        _hub.World.Atomically(() => result = session.Resume(this, resume.Seq, ResumedData, out previous));
        switch (result)
        {
            case ResumeResult.Resumed:
                Session = session;
                if (previous is not null && !ReferenceEquals(previous, this))
                {
                    previous.Abort();
                }

                LogResumed(Id, session.Id, resume.Seq);
                break;
            case ResumeResult.InvalidSequence:
                Close((int)GatewayCloseCode.InvalidSequence, "Invalid seq.");
                break;
            default:
                SendInvalidSession(resumable: false);
                break;
        }
    }

    private List<WorldGuild> GuildsOf(int shardId, int shardCount) =>
        [.. _hub.World.GetGuilds().Where(g => GatewayLimits.ShardFor(g.Id, shardCount) == shardId)];

    private byte[] ReadyJson(GatewaySession session, List<WorldGuild> guilds) => DiscordJson.ToBytes(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("v", 10);
        w.WritePropertyName("user");
        DiscordJson.WriteUser(w, _hub.World.BotUser);
        w.WriteStartArray("guilds");
        foreach (var guild in guilds)
        {
            w.WriteStartObject();
            w.WriteString("id", DiscordJson.Id(guild.Id));
            w.WriteBoolean("unavailable", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("session_id", session.Id);
        w.WriteString("resume_gateway_url", _resumeUrl.ToString().TrimEnd('/'));
        w.WriteStartArray("shard");
        w.WriteNumberValue(session.ShardId);
        w.WriteNumberValue(session.ShardCount);
        w.WriteEndArray();
        w.WriteStartObject("application");
        w.WriteString("id", DiscordJson.Id(_hub.World.BotUser.Id));
        w.WriteNumber("flags", 0);
        w.WriteEndObject();
        foreach (var empty in (ReadOnlySpan<string>)["private_channels", "presences", "relationships", "guild_join_requests", "geo_ordered_rtc_regions"])
        {
            w.WriteStartArray(empty);
            w.WriteEndArray();
        }

        w.WriteStartObject("user_settings");
        w.WriteEndObject();
        w.WriteStartArray("_trace");
        w.WriteStringValue("cortex-emulator");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private void SendMembersChunk(ReadOnlyMemory<byte> data)
    {
        ulong guildId = 0;
        string? nonce = null;
        try
        {
            using var request = JsonDocument.Parse(data);
            if (request.RootElement.TryGetProperty("guild_id", out var id))
            {
                _ = ulong.TryParse(id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText(), out guildId);
            }

            if (request.RootElement.TryGetProperty("nonce", out var n) && n.ValueKind == JsonValueKind.String)
            {
                nonce = n.GetString();
            }
        }
        catch (JsonException)
        {
            Close((int)Discord.Gateway.GatewayCloseCode.DecodeError, "Invalid REQUEST_GUILD_MEMBERS payload.");
            return;
        }

        var members = _hub.World.GetMembers(guildId);
        Session!.Dispatch("GUILD_MEMBERS_CHUNK", DiscordJson.ToBytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("guild_id", DiscordJson.Id(guildId));
            w.WriteStartArray("members");
            foreach (var member in members)
            {
                DiscordJson.WriteMember(w, member, _hub.World.GetUser(member.UserId));
            }

            w.WriteEndArray();
            w.WriteNumber("chunk_index", 0);
            w.WriteNumber("chunk_count", 1);
            if (nonce is not null)
            {
                w.WriteString("nonce", nonce);
            }

            w.WriteEndObject();
        }));
    }

    private static T? Parse<T>(ReadOnlyMemory<byte> data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return data.IsEmpty ? null : JsonSerializer.Deserialize(data.Span, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
