using System.Text;
using System.Text.Json;
using Cortex.Discord.Codecs;

namespace Cortex.Tests.Discord.Codecs;

/// <summary>
/// <see cref="JsonValueBounds"/> classifies 64-byte blocks with 32-byte vectors on AVX2 hardware (this machine, CI) and with
/// 16-byte ones elsewhere; the tests run both widths on the same bytes, so the path the hardware here never takes is checked too.
/// </summary>
public sealed class JsonValueBoundsWidthTests
{
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("ab{}[]\"\\:,é ")]
    [InlineData("ab{}[]:,é ")]
    public void The_16_and_32_byte_blocks_find_the_same_end_of_every_value(string alphabet)
    {
        // Random values (strings full of brackets, quotes and backslashes, or none) behind a prefix of every length up to a
        // block, so strings, escapes and ends fall at every offset of a block and of its vectors.
        var random = new Random(2019);
        for (var i = 0; i < 400; i++)
        {
            var value = GatewayCodecRoundTripTests.RandomValue(random, depth: 0, alphabet).ToJsonString(Unescaped);
            var prefix = new string(' ', i % 64);
            var json = Encoding.UTF8.GetBytes(prefix + value + ",\"after\":{\"x\":[1]}}");
            var expected = Encoding.UTF8.GetByteCount(prefix + value);

            Assert.Equal(expected, JsonValueBounds.EndOf<JsonValueBounds.Narrow>(json, prefix.Length, depth: 0));
            Assert.Equal(expected, JsonValueBounds.EndOf<JsonValueBounds.Wide>(json, prefix.Length, depth: 0));
        }
    }

    [Fact]
    public void The_carry_less_prefix_xor_and_the_shifts_mark_every_byte_inside_a_string()
    {
        // The string mask is a prefix XOR of the quotes: one carry-less multiply where the hardware has it, twelve shifts
        // elsewhere. Both must give, for every bit, the parity of the quotes at or before it.
        var random = new Random(1921);
        ulong[] words = [0, ulong.MaxValue, 1, 1UL << 63, 0x8000000000000001, .. Enumerable.Range(0, 5000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63))];
        foreach (var quotes in words)
        {
            ulong expected = 0, inside = 0;
            for (var bit = 0; bit < 64; bit++)
            {
                inside ^= (quotes >> bit) & 1;
                expected |= inside << bit;
            }

            Assert.Equal(expected, JsonValueBounds.PrefixXorByShifts(quotes));
            Assert.Equal(expected, JsonValueBounds.PrefixXor(quotes));
        }
    }

    [Fact]
    public void Blocks_with_backslashes_find_the_end_a_byte_by_byte_scan_finds_even_in_malformed_json()
    {
        // Runs of backslashes of every length inside and outside strings, across the blocks' and vectors' edges, and
        // escaped quotes: whatever the bytes, the blocks must end where a byte-by-byte reading ends (or not end at all).
        var random = new Random(4019);
        // Three backslashes and two quotes to each bracket, and plain bytes, so values run over several blocks.
        var alphabet = "\\\\\\\"\"{}[]" + new string('a', 16);
        for (var i = 0; i < 4000; i++)
        {
            var json = Encoding.ASCII.GetBytes("{" + new string([.. Enumerable.Range(0, random.Next(1, 400)).Select(_ => alphabet[random.Next(alphabet.Length)])]));
            var start = i % 2 == 0 ? 0 : 1;
            var depth = start;
            var expected = ByteByByte(json, start, depth);

            Assert.Equal(expected, JsonValueBounds.EndOf<JsonValueBounds.Narrow>(json, start, depth));
            Assert.Equal(expected, JsonValueBounds.EndOf<JsonValueBounds.Wide>(json, start, depth));
        }
    }

    [Fact]
    public void The_16_and_32_byte_blocks_agree_from_inside_a_value_and_on_one_that_never_closes()
    {
        var random = new Random(1920);
        for (var i = 0; i < 200; i++)
        {
            var json = Encoding.UTF8.GetBytes("[" + GatewayCodecRoundTripTests.RandomValue(random, depth: 0).ToJsonString(Unescaped) + "]");

            // Depth 1 from just inside the outer bracket: the end of the enclosing array.
            Assert.Equal(json.Length, JsonValueBounds.EndOf<JsonValueBounds.Narrow>(json, 1, depth: 1));
            Assert.Equal(json.Length, JsonValueBounds.EndOf<JsonValueBounds.Wide>(json, 1, depth: 1));

            var truncated = json.AsSpan(0, json.Length - 1);
            Assert.Equal(-1, JsonValueBounds.EndOf<JsonValueBounds.Narrow>(truncated, 0, depth: 0));
            Assert.Equal(-1, JsonValueBounds.EndOf<JsonValueBounds.Wide>(truncated, 0, depth: 0));
        }
    }

    /// <summary>The reading the blocks must agree with: one byte at a time, a backslash escaping the next byte inside a string only.</summary>
    private static int ByteByByte(byte[] json, int start, int depth)
    {
        var (inString, escaped) = (false, false);
        for (var i = start; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                (escaped, inString) = escaped ? (false, true) : (b == '\\', b != '"');
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                depth++;
            }
            else if (b is (byte)'}' or (byte)']' && --depth == 0)
            {
                return i + 1;
            }
        }

        return -1;
    }
}
