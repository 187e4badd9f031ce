namespace Cortex.Ai.Memory;

/// <summary>
/// The injection phrases <see cref="InjectionGuard"/>'s English patterns cannot see, in the other
/// languages members write in: "ignore the previous instructions", "system prompt", "from now on".
/// </summary>
public static class InstructionTerms
{
    private static readonly NormalizedTerms Terms = new(
    [
        "instrucciones anteriores", "instrucciones previas", "ignora las", "ignora todas", "a partir de ahora", "desde ahora",
        "instructions precedentes", "instructions precedente", "ignore toutes", "oublie tes", "oublie les", "a partir de maintenant", "desormais",
        "vorherigen anweisungen", "anweisungen", "ignoriere*", "vergiss alle", "ab jetzt", "von nun an", "systemprompt",
        "instrucoes anteriores", "ignore as", "ignore todas", "esqueca", "a partir de agora",
        "инструкци*", "игнорируй*", "забудь*", "отныне", "с этого момента", "промпт*",
        "*指示を無視*", "*以前の指示*", "*システムプロンプト*", "*これからは*", "*忽略*", "*无视*", "*無視*", "*之前的指令*", "*之前的指示*",
        "*系统提示*", "*從現在開始*", "*从现在开始*", "*이전 지시*", "*무시*",
    ]);

    /// <summary>The phrase found in <paramref name="text"/>, or null.</summary>
    public static string? Find(string text) => Terms.FindFirst(text);
}
