using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cortex.Ai.Memory;

/// <summary>
/// Recognises text that tries to steer the model rather than describe a person: instructions to
/// the assistant, role-play set-ups, chat-format markers, and payloads hidden by encoding,
/// spacing, look-alike digits or invisible characters, and claims of standing in the server (a role,
/// a permission, ownership: <see cref="AuthorityClaims"/>). Used on the message before extraction and
/// on every extracted fact before it is stored; a false refusal only costs a note.
/// </summary>
public static partial class InjectionGuard
{
    /// <summary>The reason the text reads like an instruction or a payload, or null when it does not.</summary>
    public static string? Inspect(string text)
    {
        if (HiddenCharacters().IsMatch(text))
        {
            return "hidden characters";
        }

        if (ChatMarkers().IsMatch(text))
        {
            return "chat-format markers";
        }

        if (EncodedPayload().IsMatch(text) || LooksLikeBase64(text))
        {
            return "encoded payload";
        }

        if (Instruction().IsMatch(text) || InstructionTerms.Find(text) is not null)
        {
            return "instruction";
        }

        if (AuthorityClaims.Find(text) is not null)
        {
            return "authority claim";
        }

        // "i g n o r e  p r e v i o u s", "1gn0re", "ignore_previous": compare letters only.
        var squashed = Squash(text);
        foreach (var phrase in SquashedPhrases)
        {
            if (squashed.Contains(phrase, StringComparison.Ordinal))
            {
                return "obfuscated instruction";
            }
        }

        return null;
    }

    private static readonly string[] SquashedPhrases =
    [
        "ignoreprevious", "ignoreall", "ignoreyour", "ignoretherules", "ignoretheabove", "ignoreinstructions",
        "disregardprevious", "disregardall", "disregardyour", "forgetprevious", "forgetyourinstructions", "forgetallprevious",
        "systemprompt", "developermode", "jailbreak", "newinstructions", "overrideinstructions", "doanythingnow",
        "alwaysobey", "obeyme", "youmustobey", "fromnowon", "youarenow", "pretendtobe", "pretendyouare", "actas",
    ];

    private static string Squash(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            var mapped = char.ToLowerInvariant(c) switch
            {
                '0' => 'o',
                '1' or '!' or '|' => 'i',
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' => 't',
                var other => other,
            };
            if (mapped is >= 'a' and <= 'z')
            {
                builder.Append(mapped);
            }
        }

        return builder.ToString();
    }

    private static bool LooksLikeBase64(string text)
    {
        foreach (Match candidate in Base64Run().Matches(text))
        {
            var value = candidate.Value;
            // Real words are letters only; a long run mixing cases with digits or +/= is a payload.
            var hasDigitOrSymbol = value.Any(c => char.IsAsciiDigit(c) || c is '+' or '/' or '=');
            var hasUpper = value.Any(char.IsAsciiLetterUpper);
            var hasLower = value.Any(char.IsAsciiLetterLower);
            if (hasDigitOrSymbol && hasUpper && hasLower)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD\p{Co}]")]
    private static partial Regex HiddenCharacters();

    [GeneratedRegex(@"<\||\|>|\[/?INST\]|<</?SYS>>|^\s*#{2,}|(^|\n)\s*(system|assistant|developer|user)\s*:|```", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ChatMarkers();

    [GeneratedRegex(@"\b[0-9a-f]{24,}\b|(%[0-9a-f]{2}){3,}|(\\u[0-9a-f]{4}){2,}|(\\x[0-9a-f]{2}){3,}|(&#x?[0-9a-f]+;){2,}|https?://|www\.|\bdata:|\b(base64|rot13|hex)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedPayload();

    [GeneratedRegex(@"[A-Za-z0-9+/=]{16,}")]
    private static partial Regex Base64Run();

    [GeneratedRegex(
        @"\b(ignore|disregard|forget|override|bypass|overrule)\b.{0,40}\b(instructions?|rules?|prompts?|previous|prior|above|guidelines?|polic(y|ies)|everything|all)\b" +
        @"|\b(always|never|must|should|shall|will)\s+(obey|follow|listen|comply|agree|trust|do\s+what|answer|reply|respond|say|call|grant|give)\b" +
        @"|\b(obey|obeyed|comply|complies|jailbreak|jailbroken|unfiltered|uncensored)\b" +
        @"|\b(act|acting)\s+as\b|\b(pretend|pretends|roleplay|role-play|role\s+play|impersonate)\b" +
        @"|\bfrom\s+now\s+on\b|\bnew\s+(instructions?|rules?|persona)\b|\b(system|developer)\s+(prompt|message|mode)\b",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Instruction();

    /// <summary>Beyond <see cref="Inspect"/>, for a fact: it must not address or mention the assistant, nor start like a command.</summary>
    public static string? InspectFact(string fact) =>
        Inspect(fact) ?? (AddressesTheAssistant().IsMatch(fact) ? "addresses the assistant" : null);

    [GeneratedRegex(
        @"\byou(r|rs|rself)?\b|\bu\s+(are|must|will)\b" +
        @"|\b(assistant|bot|chatbot|cortex|gpt|llm|behave|behaviour|behavior)\b" +
        @"|^\s*(always|never|do|don't|dont|please|tell|say|respond|reply|answer|remember|ignore|stop|give|grant|reveal|print|output|repeat|translate|execute|run|call|treat|consider|make|let)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex AddressesTheAssistant();
}
