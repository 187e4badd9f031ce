namespace Cortex.Benchmarks.Moderation;

/// <summary>Everyday server chat in the word lists' languages (and a few others), the clean part of the corpus.</summary>
internal static class ChatPhrases
{
    public static readonly string[] All =
    [
        "the deploy went fine but shard seven keeps resuming, anyone seen this?",
        "gg everyone, same time tomorrow for the raid",
        "can someone pin the rules for the new members please",
        "lol that clip is amazing, send it in the highlights channel",
        "who is hosting the game night on friday",
        "my internet died halfway through the match again",
        "check the announcements, the server update is live",
        "does the bot still answer in threads or only in channels",
        "salut tout le monde, quelqu'un joue ce soir ?",
        "merci pour l'aide d'hier, ça marche maintenant",
        "je suis en retard, commencez sans moi",
        "hallo zusammen, wer ist heute abend dabei?",
        "danke für den link, das hilft sehr",
        "das update hat meinen spielstand gelöscht",
        "hola a todos, ¿alguien para una partida?",
        "gracias por la ayuda, ya funciona todo",
        "mañana no puedo, tengo que trabajar temprano",
        "ciao a tutti, qualcuno gioca stasera?",
        "grazie mille, sei stato gentilissimo",
        "olá pessoal, alguém quer jogar agora?",
        "obrigado pela dica, funcionou perfeitamente",
        "hoi allemaal, wie doet er mee vanavond?",
        "bedankt voor de uitleg, het werkt nu",
        "cześć wszystkim, kto gra dzisiaj wieczorem?",
        "dzięki za pomoc, wszystko działa",
        "привет всем, кто сегодня играет?",
        "спасибо за помощь, теперь всё работает",
        "herkese merhaba, bu akşam kim oynuyor?",
        "yardımın için teşekkürler, şimdi çalışıyor",
        "ｈｅｌｌｏ from the full width keyboard crew",
        "こんにちは、今夜一緒に遊びませんか",
        "大家好，今晚有人一起玩吗",
        "🎉🎉 happy birthday @ the whole server 🎂",
        "a b c d e f g is how my little brother types",
        "I grew up in Scunthorpe and now live in Essex",
        "the class assignment is due on Tuesday, assess it carefully",
    ];
}
