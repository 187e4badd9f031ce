namespace Cortex.Ai.Memory;

/// <summary>
/// Words that claim standing in the server — a role, a permission, ownership, a right to be obeyed —
/// in the languages members write in. A remembered fact is only ever the speaker's own word, so none
/// of these may become one: "is the admin" stored today is an order the model is asked to respect
/// tomorrow. Terms are broad on purpose ("staff", any "admin*"); a false refusal only costs a note.
/// </summary>
public static class AuthorityClaims
{
    private static readonly NormalizedTerms Terms = new(
    [
        // English: roles, ownership, permissions, obedience.
        "admin*", "sysop*", "superuser*", "moderator*", "mod", "the mods", "mods here", "staff", "role", "roles",
        "server owner", "guild owner", "the owner", "owner of", "co owner", "coowner", "owns this", "owns the server", "own this server",
        "this server", "this guild", "permis*", "perms", "privilege*", "authori*", "elevated", "root access", "root user", "sudo",
        "in charge", "can ban", "can kick", "can mute", "can timeout", "ban members", "kick members", "moderate members",
        "manage server", "manage guild", "manage roles", "manage channels", "manage messages", "manage webhooks", "mention everyone",
        "whitelist*", "exempt*", "trusted", "obey*", "verified",

        // Spanish and Portuguese.
        "administrador*", "moderador*", "dueno*", "duena*", "dono", "propietari*", "proprietari*", "proprietaire*", "autoridad*", "autoridade*",
        "rol", "cargo de", "este servidor", "deste servidor", "desse servidor", "este server", "obedec*", "privilegio*",

        // French.
        "administrat*", "moderateur*", "moderatri*", "proprio", "droits", "autorisation*", "ce serveur", "obei*",

        // German.
        "*besitzer*", "*eigentumer*", "*inhaber*", "berechtigung*", "rechte", "modrechte", "befugnis*", "rolle", "diesem server", "dieses servers",
        "gehorch*", "gehorsam*",

        // Russian (stems: the words inflect).
        "админ*", "модер*", "владел*", "хозяи*", "хозяин*", "права", "правами", "разрешени*", "привилеги*", "полномочи*", "роль", "роли",
        "этого сервера", "этом сервере", "этот сервер", "подчиня*", "слушаться",

        // Japanese, Chinese, Korean (no spaces: anywhere in the text).
        "*管理者*", "*管理人*", "*管理員*", "*管理员*", "*権限*", "*权限*", "*權限*", "*版主*", "*群主*", "*服主*", "*所有者*", "*拥有者*",
        "*擁有者*", "*オーナー*", "*モデレーター*", "*運営*", "*役職*", "*身份组*", "*身分組*", "*このサーバー*", "*这个服务器*", "*本服务器*",
        "*服从*", "*服從*", "*听从*", "*聽從*", "*従う*", "*従え*", "*관리자*", "*운영자*", "*권한*", "*서버 주인*",
    ]);

    /// <summary>The claim found in <paramref name="text"/>, or null.</summary>
    public static string? Find(string text) => Terms.FindFirst(text);
}
