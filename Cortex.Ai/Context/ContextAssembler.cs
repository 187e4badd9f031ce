using System.Text;
using Cortex.Ai.History;
using Cortex.Ai.Memory;
using Cortex.Ai.Tokens;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Context;

/// <summary>
/// Builds the prompt in the seed's layers: persona (0, the only system message), the speaker's notes
/// by weight within their cap (1, quoted user-provided data in a user message, never a system one),
/// channel history newest first while the reserve stays free (2), the current message (3).
/// The fixed layers are counted first, so history only gets what is really left. History costs come
/// from the stored counts; nothing already counted is encoded again.
/// </summary>
public sealed class ContextAssembler(IOptions<ContextOptions> options)
{
    public AssembledContext Assemble(ContextRequest request, ITokenizer tokenizer)
    {
        var o = options.Value;
        var limit = o.PromptLimit;
        var used = ChatTokens.ReplyPrimer;

        var persona = new ChatTurn(ChatTurn.System, Persona.SystemPrompt(request.GuildName));
        used += Cost(tokenizer, persona);

        var (notes, factsUsed) = Notes(request, tokenizer, o.MaxMemoryFacts, Math.Min(o.MaxMemoryTokens, limit - used));
        if (notes is not null)
        {
            used += Cost(tokenizer, notes);
        }

        var (current, trimmed) = Current(request, tokenizer, limit - used);
        used += Cost(tokenizer, current);

        var history = new List<ChatTurn>();
        foreach (var entry in request.HistoryNewestFirst)
        {
            if (entry.MessageId == request.CurrentMessageId)
            {
                continue;
            }

            var cost = entry.Encoding == tokenizer.EncodingName ? entry.Tokens : ChatTokens.Message(tokenizer, entry.Role, entry.Content);
            if (used + cost > limit)
            {
                break; // keep history contiguous: an older message without its successors misleads
            }

            used += cost;
            history.Add(new ChatTurn(entry.Role, entry.Content));
        }

        history.Reverse();
        var messages = new List<ChatTurn>(history.Count + 3) { persona };
        if (notes is not null)
        {
            messages.Add(notes);
        }

        messages.AddRange(history);
        messages.Add(current);
        return new AssembledContext(messages, used, factsUsed, history.Count, trimmed);
    }

    private static (ChatTurn? Notes, int Facts) Notes(ContextRequest request, ITokenizer tokenizer, int maxFacts, int maxTokens)
    {
        var facts = request.Memories.OrderByDescending(f => f.Weight).Take(maxFacts);
        ChatTurn? best = null;
        var count = 0;
        var body = new StringBuilder(Persona.NotesHeader(request.SpeakerName));
        foreach (var fact in facts)
        {
            body.Append(Persona.NoteLine(fact.Fact));
            var candidate = new ChatTurn(ChatTurn.User, body + Persona.NotesFooter);
            if (Cost(tokenizer, candidate) > maxTokens)
            {
                break; // facts are by weight: a lighter one never displaces a heavier one
            }

            best = candidate;
            count++;
        }

        return (best, count);
    }

    private static (ChatTurn Current, bool Trimmed) Current(ContextRequest request, ITokenizer tokenizer, int maxTokens)
    {
        var text = Persona.UserMessage(request.SpeakerName, request.CurrentContent);
        var turn = new ChatTurn(ChatTurn.User, text);
        var overhead = ChatTokens.Message(tokenizer, ChatTurn.User, "");
        var allowed = maxTokens - overhead;
        var trimmed = false;
        // A cut prefix can re-encode a token longer than the cut; shrink until it really fits.
        while (Cost(tokenizer, turn) > maxTokens && allowed > 0)
        {
            turn = new ChatTurn(ChatTurn.User, tokenizer.Truncate(text, allowed));
            allowed--;
            trimmed = true;
        }

        return (turn, trimmed);
    }

    private static int Cost(ITokenizer tokenizer, ChatTurn turn) => ChatTokens.Message(tokenizer, turn.Role, turn.Content);
}

/// <param name="HistoryNewestFirst">Recent channel messages, newest first, possibly including the current one.</param>
public sealed record ContextRequest(
    string GuildName,
    string SpeakerName,
    IReadOnlyList<MemoryFact> Memories,
    IReadOnlyList<HistoryEntry> HistoryNewestFirst,
    ulong CurrentMessageId,
    string CurrentContent);

/// <param name="PromptTokens">The prompt's exact cost in the chat format, reply primer included.</param>
public sealed record AssembledContext(IReadOnlyList<ChatTurn> Messages, int PromptTokens, int MemoryFacts, int HistoryMessages, bool CurrentMessageTrimmed);
