namespace Cortex.Ai.Moderation.Rules;

public static partial class TextNormalizer
{
    // Consecutive one-letter words are one word spelled out with separators.
    private static int Join(ReadOnlySpan<char> letters, ReadOnlySpan<int> words, int maxRun, Span<char> output)
    {
        var length = 0;
        output[length++] = ' ';
        var count = words.Length / 2;
        Span<char> run = count <= 256 ? stackalloc char[count] : new char[count];
        for (var i = 0; i < count; i++)
        {
            var word = letters[words[i * 2]..words[(i * 2) + 1]];
            if (word.Length == 1 && i + 1 < count && words[(i * 2) + 3] - words[(i * 2) + 2] == 1)
            {
                var joined = 0;
                while (i < count && words[(i * 2) + 1] - words[i * 2] == 1)
                {
                    var letter = letters[words[i * 2]];
                    if (!RunIsFull(run[..joined], letter, maxRun))
                    {
                        run[joined++] = letter;
                    }

                    i++;
                }

                i--;
                length += AppendSpelledRun(run[..joined], output[length..]);
                continue;
            }

            word.CopyTo(output[length..]);
            length += word.Length;
            output[length++] = ' ';
        }

        return length;
    }

    // Real one-letter words ("a", "i") sit next to spelled-out ones: "what a b a d w o r d" must still
    // show " badword ". Emit the run with up to two letters dropped at either end as well (9 variants
    // at most, so the canonical text stays linear in the message).
    private static int AppendSpelledRun(ReadOnlySpan<char> run, Span<char> output)
    {
        const int MaxDropped = 2;
        var written = 0;
        for (var head = 0; head <= MaxDropped; head++)
        {
            for (var tail = 0; tail <= MaxDropped; tail++)
            {
                var length = run.Length - head - tail;
                if (length >= 2 && (head == 0 || tail == 0 || length >= 3))
                {
                    run.Slice(head, length).CopyTo(output[written..]);
                    written += length;
                    output[written++] = ' ';
                }
            }
        }

        return written;
    }
}
