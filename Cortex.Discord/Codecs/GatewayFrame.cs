namespace Cortex.Discord.Codecs;

/// <summary>
/// One decoded gateway payload. <see cref="Data"/> is the <c>d</c> field as UTF-8 JSON whatever
/// the wire encoding was (ETF is transcoded), owned by the frame; it is empty when <c>d</c> was absent.
/// </summary>
/// <param name="Opcode">The <c>op</c> field.</param>
/// <param name="Sequence">The <c>s</c> field (dispatches only).</param>
/// <param name="EventName">The <c>t</c> field (dispatches only), interned for known names.</param>
/// <param name="Data">The <c>d</c> field as UTF-8 JSON.</param>
public readonly record struct GatewayFrame(int Opcode, int? Sequence, string? EventName, ReadOnlyMemory<byte> Data);
